-- Undo records: for each indexed block, the rows its projection changed, as they were before
-- the block (a rollback restores them newest first, so its cost follows what it rolls back,
-- not the length of the history). `undo` lists each change in order: the table and the scope
-- of rows it touched (a filter of `src/undo.rs` and its values as a JSON array); `<table>_undo`
-- holds the rows of that scope as they were just before (none for a row the block created;
-- `copied` counts them).
-- Records older than the kept depth are pruned; `undo_kept.from_block` is the first block whose
-- records are all kept (a rollback below it re-projects everything from the stored logs).

CREATE TABLE undo (
    block_number BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    tbl TEXT NOT NULL,
    scope TEXT NOT NULL,
    binds TEXT NOT NULL,
    copied BIGINT NOT NULL,
    PRIMARY KEY (block_number, seq)
);

CREATE TABLE undo_kept (
    id BIGINT PRIMARY KEY,
    from_block BIGINT NOT NULL
);
-- An index made before this migration has no records for its blocks.
INSERT INTO undo_kept (id, from_block) SELECT 1, COALESCE(MAX(number) + 1, 0) FROM blocks;

CREATE TABLE manufacturers_undo AS
    SELECT *, CAST(0 AS BIGINT) AS undo_block, CAST(0 AS BIGINT) AS undo_seq FROM manufacturers WHERE 1 = 0;
CREATE INDEX manufacturers_undo_at ON manufacturers_undo (undo_block, undo_seq);

CREATE TABLE registry_roles_undo AS
    SELECT *, CAST(0 AS BIGINT) AS undo_block, CAST(0 AS BIGINT) AS undo_seq FROM registry_roles WHERE 1 = 0;
CREATE INDEX registry_roles_undo_at ON registry_roles_undo (undo_block, undo_seq);

CREATE TABLE delegations_undo AS
    SELECT *, CAST(0 AS BIGINT) AS undo_block, CAST(0 AS BIGINT) AS undo_seq FROM delegations WHERE 1 = 0;
CREATE INDEX delegations_undo_at ON delegations_undo (undo_block, undo_seq);

CREATE TABLE manufacturing_licenses_undo AS
    SELECT *, CAST(0 AS BIGINT) AS undo_block, CAST(0 AS BIGINT) AS undo_seq FROM manufacturing_licenses WHERE 1 = 0;
CREATE INDEX manufacturing_licenses_undo_at ON manufacturing_licenses_undo (undo_block, undo_seq);

CREATE TABLE mous_undo AS
    SELECT *, CAST(0 AS BIGINT) AS undo_block, CAST(0 AS BIGINT) AS undo_seq FROM mous WHERE 1 = 0;
CREATE INDEX mous_undo_at ON mous_undo (undo_block, undo_seq);

CREATE TABLE device_licenses_undo AS
    SELECT *, CAST(0 AS BIGINT) AS undo_block, CAST(0 AS BIGINT) AS undo_seq FROM device_licenses WHERE 1 = 0;
CREATE INDEX device_licenses_undo_at ON device_licenses_undo (undo_block, undo_seq);

CREATE TABLE device_license_audits_undo AS
    SELECT *, CAST(0 AS BIGINT) AS undo_block, CAST(0 AS BIGINT) AS undo_seq FROM device_license_audits WHERE 1 = 0;
CREATE INDEX device_license_audits_undo_at ON device_license_audits_undo (undo_block, undo_seq);

CREATE TABLE device_license_votes_undo AS
    SELECT *, CAST(0 AS BIGINT) AS undo_block, CAST(0 AS BIGINT) AS undo_seq FROM device_license_votes WHERE 1 = 0;
CREATE INDEX device_license_votes_undo_at ON device_license_votes_undo (undo_block, undo_seq);

CREATE TABLE batches_undo AS
    SELECT *, CAST(0 AS BIGINT) AS undo_block, CAST(0 AS BIGINT) AS undo_seq FROM batches WHERE 1 = 0;
CREATE INDEX batches_undo_at ON batches_undo (undo_block, undo_seq);

CREATE TABLE certificates_undo AS
    SELECT *, CAST(0 AS BIGINT) AS undo_block, CAST(0 AS BIGINT) AS undo_seq FROM certificates WHERE 1 = 0;
CREATE INDEX certificates_undo_at ON certificates_undo (undo_block, undo_seq);

CREATE TABLE certificate_organizations_undo AS
    SELECT *, CAST(0 AS BIGINT) AS undo_block, CAST(0 AS BIGINT) AS undo_seq FROM certificate_organizations WHERE 1 = 0;
CREATE INDEX certificate_organizations_undo_at ON certificate_organizations_undo (undo_block, undo_seq);

CREATE TABLE certificate_history_undo AS
    SELECT *, CAST(0 AS BIGINT) AS undo_block, CAST(0 AS BIGINT) AS undo_seq FROM certificate_history WHERE 1 = 0;
CREATE INDEX certificate_history_undo_at ON certificate_history_undo (undo_block, undo_seq);
