"""Every write of the bodies, by part: bodies (bodies, members, seats, badge choice), space
(documents – also a meeting's –, discussion), meetings (agenda, invitations, answers,
attendance, minutes), decisions (publishing, recommendation → proposal) and action items
(status, reminders)."""

from clusterwerk.governance.services.actions import create_action_item as create_action_item
from clusterwerk.governance.services.actions import send_action_reminders as send_action_reminders
from clusterwerk.governance.services.actions import set_action_status as set_action_status
from clusterwerk.governance.services.actions import update_action_item as update_action_item
from clusterwerk.governance.services.bodies import add_member as add_member
from clusterwerk.governance.services.bodies import create_body as create_body
from clusterwerk.governance.services.bodies import end_member_term as end_member_term
from clusterwerk.governance.services.bodies import set_badge_choice as set_badge_choice
from clusterwerk.governance.services.bodies import take_over_seats as take_over_seats
from clusterwerk.governance.services.bodies import update_body as update_body
from clusterwerk.governance.services.bodies import update_member as update_member
from clusterwerk.governance.services.decisions import propose_from_decision as propose_from_decision
from clusterwerk.governance.services.decisions import publish_decision as publish_decision
from clusterwerk.governance.services.decisions import record_decision as record_decision
from clusterwerk.governance.services.decisions import unpublish_decision as unpublish_decision
from clusterwerk.governance.services.decisions import update_decision as update_decision
from clusterwerk.governance.services.meetings import add_agenda_item as add_agenda_item
from clusterwerk.governance.services.meetings import cancel_meeting as cancel_meeting
from clusterwerk.governance.services.meetings import create_meeting as create_meeting
from clusterwerk.governance.services.meetings import delete_agenda_item as delete_agenda_item
from clusterwerk.governance.services.meetings import deliver_invitations as deliver_invitations
from clusterwerk.governance.services.meetings import move_agenda_item as move_agenda_item
from clusterwerk.governance.services.meetings import record_attendance as record_attendance
from clusterwerk.governance.services.meetings import reorder_agenda as reorder_agenda
from clusterwerk.governance.services.meetings import respond as respond
from clusterwerk.governance.services.meetings import save_minutes as save_minutes
from clusterwerk.governance.services.meetings import send_invitations as send_invitations
from clusterwerk.governance.services.meetings import update_agenda_item as update_agenda_item
from clusterwerk.governance.services.meetings import update_meeting as update_meeting
from clusterwerk.governance.services.space import delete_document as delete_document
from clusterwerk.governance.services.space import delete_post as delete_post
from clusterwerk.governance.services.space import edit_post as edit_post
from clusterwerk.governance.services.space import post as post
from clusterwerk.governance.services.space import upload_document as upload_document
