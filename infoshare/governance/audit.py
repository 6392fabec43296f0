from enum import StrEnum


class Action(StrEnum):
    POSITION_STATEMENT_PUBLISHED = "governance.position_statement_published"
    POSITION_STATEMENT_ACKNOWLEDGED = "governance.position_statement_acknowledged"
    POLICY_CREATED = "governance.policy_created"
    POLICY_CHANGED = "governance.policy_changed"
    POLICY_VERSION_CREATED = "governance.policy_version_created"
    POLICY_PUBLISHED = "governance.policy_published"
    POLICY_ACKNOWLEDGED = "governance.policy_acknowledged"
    COMMON_STANDARD_PUBLISHED = "governance.common_standard_published"
    ADOPTION_RECORDED = "governance.adoption_recorded"
    PLAN_PRIORITY_ADDED = "governance.plan_priority_added"
