-- Rule challenges: a rule the obstacles point at, challenged before the
-- authority that owns it (udfordringsret, frikommuneforsøg), and the
-- authority's answer. `evidence` is the rule's row of `analyze rules` as
-- of the submission day, frozen when the challenge is filed: what the
-- municipality knew when it asked. A challenge is pending until answered,
-- once; only a grant (whole or partial) takes effect, on or after the
-- answer.
CREATE TABLE rule_challenges (
    id             INTEGER PRIMARY KEY,
    rule_ref       TEXT NOT NULL CHECK (length(rule_ref) > 0),
    authority      TEXT NOT NULL CHECK (length(authority) > 0),
    submitted_at   TEXT NOT NULL CHECK (julianday(submitted_at) IS NOT NULL),
    request        TEXT,
    case_ref       TEXT,
    evidence       TEXT NOT NULL CHECK (json_valid(evidence)),
    status         TEXT NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'granted', 'partial', 'refused', 'withdrawn')),
    responded_at   TEXT CHECK (responded_at IS NULL OR julianday(responded_at) IS NOT NULL),
    effective_from TEXT CHECK (effective_from IS NULL OR julianday(effective_from) IS NOT NULL),
    note           TEXT,
    actor          TEXT NOT NULL,
    CHECK ((status = 'pending') = (responded_at IS NULL)),
    CHECK (effective_from IS NULL OR status IN ('granted', 'partial'))
) STRICT;
CREATE INDEX rule_challenges_rule ON rule_challenges (rule_ref, id);
CREATE INDEX rule_challenges_status ON rule_challenges (status, id);
