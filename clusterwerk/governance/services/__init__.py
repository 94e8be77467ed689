"""Every write of the bodies, by part: bodies (bodies, members, seats, badge choice), space
(documents, discussion), meetings, decisions and action items."""

from clusterwerk.governance.services.bodies import add_member as add_member
from clusterwerk.governance.services.bodies import create_body as create_body
from clusterwerk.governance.services.bodies import end_member_term as end_member_term
from clusterwerk.governance.services.bodies import set_badge_choice as set_badge_choice
from clusterwerk.governance.services.bodies import take_over_seats as take_over_seats
from clusterwerk.governance.services.bodies import update_body as update_body
from clusterwerk.governance.services.bodies import update_member as update_member
from clusterwerk.governance.services.space import delete_document as delete_document
from clusterwerk.governance.services.space import delete_post as delete_post
from clusterwerk.governance.services.space import edit_post as edit_post
from clusterwerk.governance.services.space import post as post
from clusterwerk.governance.services.space import upload_document as upload_document
