-- The indexer's schema, one text for SQLite and Postgres (portable types only: BIGINT, TEXT).
-- uint256 values are 64 lowercase hex digits without 0x (they sort as numbers), addresses
-- lowercase 0x-prefixed hex, bytes32 0x-prefixed hex, uint64 values BIGINT (bit-cast: a value
-- of 2^63 or more reads back negative and is cast back), booleans BIGINT 0 or 1, times unix
-- seconds.

-- Every indexed block; the highest is where indexing resumes.
CREATE TABLE blocks (
    number BIGINT PRIMARY KEY,
    hash TEXT NOT NULL,
    parent_hash TEXT NOT NULL,
    timestamp BIGINT NOT NULL
);

-- Every log of the deployed contracts, as fetched: the source of truth that the state tables
-- below are projected from (a rollback re-projects them from here).
CREATE TABLE logs (
    block_number BIGINT NOT NULL,
    log_index BIGINT NOT NULL,
    tx_hash TEXT NOT NULL,
    address TEXT NOT NULL,
    topics TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (block_number, log_index)
);

-- Heads read from the chain (historyHead(id) at a block) for the history check.
CREATE TABLE chain_heads (
    block_number BIGINT NOT NULL,
    certificate TEXT NOT NULL,
    head TEXT NOT NULL,
    PRIMARY KEY (block_number, certificate)
);

CREATE TABLE manufacturers (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    owner TEXT NOT NULL,
    uri TEXT NOT NULL,
    epoch BIGINT NOT NULL,
    minted_block BIGINT NOT NULL,
    minted_at BIGINT NOT NULL
);
CREATE INDEX manufacturers_name_key ON manufacturers (name_key);

CREATE TABLE registry_roles (
    role TEXT NOT NULL,
    account TEXT NOT NULL,
    PRIMARY KEY (role, account)
);

CREATE TABLE delegations (
    manufacturer TEXT NOT NULL,
    operator TEXT NOT NULL,
    privilege BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    epoch BIGINT NOT NULL,
    PRIMARY KEY (manufacturer, operator, privilege)
);

CREATE TABLE manufacturing_licenses (
    manufacturer TEXT PRIMARY KEY,
    status BIGINT NOT NULL,
    grant_number BIGINT NOT NULL,
    granted_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    changed_at BIGINT NOT NULL,
    reason TEXT NOT NULL,
    stake TEXT NOT NULL,
    mou_version BIGINT NOT NULL,
    mou_accepted_at BIGINT NOT NULL
);

CREATE TABLE mous (
    version BIGINT PRIMARY KEY,
    hash TEXT NOT NULL,
    uri TEXT NOT NULL,
    published_at BIGINT NOT NULL
);

CREATE TABLE device_licenses (
    id TEXT PRIMARY KEY,
    manufacturer TEXT NOT NULL,
    status BIGINT NOT NULL,
    model TEXT NOT NULL,
    hardware_revision TEXT NOT NULL,
    design_hash TEXT NOT NULL,
    supersedes TEXT NOT NULL,
    superseded_by TEXT NOT NULL,
    applicant TEXT NOT NULL,
    applied_at BIGINT NOT NULL,
    decided_at BIGINT NOT NULL,
    changed_at BIGINT NOT NULL,
    round BIGINT NOT NULL,
    approvals BIGINT NOT NULL,
    rejections BIGINT NOT NULL
);
CREATE INDEX device_licenses_manufacturer ON device_licenses (manufacturer, id);

CREATE TABLE device_license_audits (
    license TEXT NOT NULL,
    kind BIGINT NOT NULL,
    round BIGINT NOT NULL,
    passed BIGINT NOT NULL,
    report_hash TEXT NOT NULL,
    report_uri TEXT NOT NULL,
    auditor TEXT NOT NULL,
    recorded_at BIGINT NOT NULL,
    PRIMARY KEY (license, round, kind)
);

CREATE TABLE device_license_votes (
    license TEXT NOT NULL,
    member TEXT NOT NULL,
    round BIGINT NOT NULL,
    approve BIGINT NOT NULL,
    voted_at BIGINT NOT NULL,
    PRIMARY KEY (license, round, member)
);

CREATE TABLE batches (
    id TEXT PRIMARY KEY,
    manufacturer TEXT NOT NULL,
    device_license TEXT NOT NULL,
    license_grant BIGINT NOT NULL,
    license_expires_at BIGINT NOT NULL,
    count BIGINT NOT NULL,
    digest TEXT NOT NULL,
    minter TEXT NOT NULL,
    block_number BIGINT NOT NULL,
    minted_at BIGINT NOT NULL
);

CREATE TABLE certificates (
    id TEXT PRIMARY KEY,
    device TEXT NOT NULL,
    manufacturer TEXT NOT NULL,
    serial TEXT NOT NULL,
    imei BIGINT NOT NULL,
    batch TEXT NOT NULL,
    device_license TEXT NOT NULL,
    manufactured_at BIGINT NOT NULL,
    ict_passed BIGINT NOT NULL,
    ict_report TEXT NOT NULL,
    mechanical_passed BIGINT NOT NULL,
    mechanical_report TEXT NOT NULL,
    qa_report TEXT NOT NULL,
    qa_inspected_at BIGINT NOT NULL,
    initial_firmware BIGINT NOT NULL,
    firmware BIGINT NOT NULL,
    provisioned_at BIGINT NOT NULL,
    status BIGINT NOT NULL,
    retired_at BIGINT NOT NULL,
    ota_updates BIGINT NOT NULL,
    factory_resets BIGINT NOT NULL,
    history_head TEXT NOT NULL,
    claim_nonce BIGINT NOT NULL,
    owner TEXT NOT NULL,
    minted_block BIGINT NOT NULL,
    minted_at BIGINT NOT NULL
);
CREATE INDEX certificates_serial ON certificates (manufacturer, serial);
CREATE INDEX certificates_imei ON certificates (imei);
CREATE INDEX certificates_device ON certificates (device);
CREATE INDEX certificates_owner ON certificates (owner, id);
CREATE INDEX certificates_manufacturer ON certificates (manufacturer, id);
CREATE INDEX certificates_batch ON certificates (batch);

CREATE TABLE certificate_organizations (
    certificate TEXT NOT NULL,
    org TEXT NOT NULL,
    authorized_by TEXT NOT NULL,
    authorized_at BIGINT NOT NULL,
    PRIMARY KEY (certificate, org)
);

-- Every lifecycle event of a certificate, in order (seq from 1), with the head it carried,
-- the head recomputed from the events, and whether the link checks out (the recomputed head
-- equals the event's, and, for a certificate's last link in a block, the head stored on chain
-- at that block, chain_heads).
CREATE TABLE certificate_history (
    certificate TEXT NOT NULL,
    seq BIGINT NOT NULL,
    kind TEXT NOT NULL,
    block_number BIGINT NOT NULL,
    log_index BIGINT NOT NULL,
    tx_hash TEXT NOT NULL,
    at BIGINT NOT NULL,
    details TEXT NOT NULL,
    actor TEXT NOT NULL,
    linked BIGINT NOT NULL,
    head TEXT NOT NULL,
    computed_head TEXT NOT NULL,
    verified BIGINT NOT NULL,
    PRIMARY KEY (certificate, seq)
);
