/*
 * Latu: accessibility fixes for Swagger UI on the API documentation page.
 * Loaded after swagger-ui-bundle.js and before the script that starts Swagger UI.
 *
 *  - no deep links inside the operation buttons (a link inside a button is not
 *    reachable or announced properly)
 *  - the API title and description form the page's banner landmark and the
 *    authorisation button its own named region, so all content is in landmarks
 *  - a heading for the list of endpoints keeps the heading levels in order
 */
(function () {
  "use strict";

  var original = window.SwaggerUIBundle;
  if (!original) return;

  var LANG = (document.documentElement.lang || "en").slice(0, 2).toLowerCase();
  var TEXT = {
    fi: { authorization: "Tunnistautuminen", endpoints: "Rajapinnan osoitteet" },
    sv: { authorization: "Autentisering", endpoints: "Gränssnittets adresser" },
    en: { authorization: "Authorization", endpoints: "Endpoints" }
  };
  var T = TEXT[LANG] || TEXT.en;

  function LatuAccessibility(system) {
    var h = system.React.createElement;
    return {
      wrapComponents: {
        InfoContainer: function (Original) {
          return function (props) {
            return h("header", { role: "banner" }, h(Original, props));
          };
        },
        AuthorizeBtnContainer: function (Original) {
          return function (props) {
            return h("div", { role: "region", "aria-label": T.authorization }, h(Original, props));
          };
        },
        operations: function (Original) {
          return function (props) {
            return h("div", null, h("h2", { className: "latu-visually-hidden" }, T.endpoints), h(Original, props));
          };
        }
      }
    };
  }

  function SwaggerUIBundle(options) {
    var plugins = (options.plugins || []).concat([LatuAccessibility]);
    return original(Object.assign({}, options, { plugins: plugins, deepLinking: false }));
  }
  Object.keys(original).forEach(function (key) { SwaggerUIBundle[key] = original[key]; });
  window.SwaggerUIBundle = SwaggerUIBundle;
})();
