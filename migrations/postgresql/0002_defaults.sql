-- The defaults every tracker database starts with (as migrations/0002_defaults.sql).
-- Their ids are part of the interface: commands, imports and cohort
-- expressions name them.

INSERT INTO sectors (id, name, level) VALUES
    ('employment',         'Employment (job centre)',              'municipal'),
    ('social_adults',      'Social services for adults',          'municipal'),
    ('children_families',  'Children and families',               'municipal'),
    ('elder_care',         'Elder care',                          'municipal'),
    ('municipal_health',   'Municipal health and rehabilitation', 'municipal'),
    ('primary_school',     'Primary school',                      'municipal'),
    ('housing',            'Housing',                             'municipal'),
    ('hospital',           'Hospital',                            'regional'),
    ('psychiatry',         'Psychiatry',                          'regional'),
    ('general_practice',   'General practice',                    'regional'),
    ('benefits_agency',    'Benefits agency (Udbetaling Danmark)', 'state'),
    ('upper_secondary',    'Upper secondary education',           'state'),
    ('police_prison',      'Police and prison service',           'state'),
    ('tax',                'Tax agency',                          'state');

INSERT INTO obstacle_categories (id, name, description) VALUES
    ('regulation',          'Regulation',
     'A law, executive order or rule that blocks or delays the course.'),
    ('documentation',       'Documentation demand',
     'A documentation or process demand that does not support the work.'),
    ('governance_conflict', 'Governance logics in conflict',
     'Steering logics of the sectors pull in different directions.'),
    ('data_sharing',        'Data sharing',
     'Systems that share no data, or a solution with no clear owner.'),
    ('mandate',             'Mandate to act',
     'No room or authority for managers or frontline staff to act.'),
    ('coordination',        'Coordination',
     'Handovers, meetings or plans across sectors that fail to connect.'),
    ('other',               'Other',
     'An obstacle that fits none of the other categories.');

INSERT INTO measures (id, name, dimension, unit, direction) VALUES
    ('who5',        'WHO-5 wellbeing index',                       'human',    'score 0-100',   'higher_is_better'),
    ('work_hours',  'Weekly hours in work or education',           'societal', 'hours/week',    'higher_is_better'),
    ('public_cost', 'Public expenditure',                          'economic', 'DKK per month', 'lower_is_better');
