"""``field__any_of=[…]``: membership in a long list of values, as one parameter.

Django's ``__in`` binds one parameter per value. For the thousand candidate ideas that
search checks against a person's scope, Django then prepares a thousand values and
psycopg parses a statement with a thousand placeholders: measured on PostgreSQL at
1 000 ids, 9–11 ms of CPU against 3–5 ms for ``id = ANY(%s)`` with the list as one array.
On PostgreSQL ``any_of`` sends that array; elsewhere (SQLite) it is ``IN``. Use it where
a list can run into the hundreds; ``__in`` reads better everywhere else.
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, ForeignObject, Lookup


@ForeignObject.register_lookup  # foreign keys take no lookups of Field
@Field.register_lookup
class AnyOf(Lookup):
    lookup_name = "any_of"

    def get_prep_lookup(self):
        prepare = self.lhs.output_field.get_prep_value
        return [prepare(value) for value in self.rhs if value is not None]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = [self.lhs.output_field.get_db_prep_value(value, connection, prepared=True) for value in self.rhs]
        if not values:
            raise EmptyResultSet  # as ``__in`` with an empty list: matches nothing
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, values]
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*lhs_params, *values]
