from django.urls import path

from latu.ideas import views

app_name = "ideas"
urlpatterns = [
    # Organisation-scoped lists
    path("o/<slug:org_slug>/ideas/", views.index, name="index"),
    path("o/<slug:org_slug>/ideas/new/", views.submit, name="submit"),
    path("o/<slug:org_slug>/ideas/similar/", views.similar, name="similar"),
    path("o/<slug:org_slug>/ideas/reports/", views.reports, name="reports"),
    path("o/<slug:org_slug>/ideas/settings/", views.settings_view, name="settings"),
    path("o/<slug:org_slug>/board/", views.board, name="board"),
    path("o/<slug:org_slug>/forums/", views.forums, name="forums"),
    # The person's own ideas and where they can send one
    path("ideas/mine/", views.mine, name="mine"),
    path("ideas/send/", views.channels, name="channels"),
    # Anonymous receipt (the code is posted, never in the URL)
    path("ideas/receipt/", views.receipt, name="receipt"),
    path("ideas/receipt/comment/", views.receipt_comment, name="receipt_comment"),
    # One idea
    path("ideas/<int:pk>/", views.detail, name="detail"),
    path("ideas/<int:pk>/edit/", views.edit, name="edit"),
    path("ideas/<int:pk>/same/", views.same_ideas, name="same_ideas"),
    path("ideas/<int:pk>/support/", views.support, name="support"),
    path("ideas/<int:pk>/comments/", views.add_comment, name="comment"),
    path("ideas/<int:pk>/mentionable/", views.mentionable, name="mentionable"),
    path("ideas/<int:pk>/attachments/", views.add_attachment, name="attachment_add"),
    path("ideas/<int:pk>/start-evaluation/", views.start_evaluation, name="start_evaluation"),
    path("ideas/<int:pk>/evaluate/", views.evaluate, name="evaluate"),
    path("ideas/<int:pk>/decide/", views.decide, name="decide"),
    path("ideas/<int:pk>/implemented/", views.mark_implemented, name="mark_implemented"),
    path("ideas/attachments/<int:pk>/", views.attachment, name="attachment"),
    path("ideas/comments/<int:pk>/hide/", views.hide_comment, name="comment_hide"),
    path("ideas/comments/<int:pk>/restore/", views.restore_comment, name="comment_restore"),
    path("ideas/comments/<int:pk>/report/", views.report_comment, name="comment_report"),
    path("ideas/reports/<int:pk>/dismiss/", views.dismiss_report, name="report_dismiss"),
    path("ideas/criteria/<int:pk>/", views.criterion_edit, name="criterion_edit"),
    # Forums
    path("forums/<int:pk>/", views.forum, name="forum"),
    path("forums/meetings/<int:pk>/", views.meeting, name="meeting"),
]
