"""What people do in governance. Each function is one transaction with its audit event.

Guidance: the fact sheet "Embedding information sharing" asks organisations to state
their position on information sharing and build it into governance and policies
(toolkit objectives 1 and 3), and asks the partnership board to establish common
policies and standards across all its organisations."""

from infoshare.governance.services.policies import (
    create_policy,
    new_policy_version,
    publish_policy,
    update_policy,
)
from infoshare.governance.services.standards import (
    add_plan_priority,
    publish_common_standard,
    record_adoption,
)
from infoshare.governance.services.statements import (
    acknowledge_policy,
    acknowledge_position_statement,
    publish_position_statement,
)

__all__ = [
    "acknowledge_policy",
    "acknowledge_position_statement",
    "add_plan_priority",
    "create_policy",
    "new_policy_version",
    "publish_common_standard",
    "publish_policy",
    "publish_position_statement",
    "record_adoption",
    "update_policy",
]
