"""send slots shared by replicas (tenant-wide pacing)

Revision ID: 0009
Revises: 0001

Expand only: two new tables (and, on PostgreSQL, a function) that older releases ignore.
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0009"
down_revision = "0001"
branch_labels = None
depends_on = None


# One round trip per slot, the tenant's advisory lock held only while the server computes it
# (the rule of camau.bot.pacing.next_slot). Each statement of a VOLATILE function takes a
# new snapshot, so the reads after the lock see the slot the previous holder committed.
TAKE_SLOT = """
CREATE OR REPLACE FUNCTION camau_take_slot(
    p_tenant text, p_conversation text, p_tenant_limit integer, p_tenant_seconds float8,
    p_margin float8, p_history float8, p_limits integer[], p_seconds float8[])
RETURNS TABLE (o_now float8, o_at float8, o_taken boolean)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_now float8;
    v_tenant float8[];
    v_conversation float8[];
    v_backoff float8;
    v_slot float8;
    v_ready float8 := '-infinity';
    v_longest integer;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended(p_tenant, 1129));
    v_now := extract(epoch FROM clock_timestamp());
    SELECT max(l) INTO v_longest FROM unnest(p_limits) AS l;
    v_tenant := ARRAY(SELECT s.at FROM pacing_slot s WHERE s.key = p_tenant
                      ORDER BY s.at DESC LIMIT p_tenant_limit);
    v_conversation := ARRAY(SELECT s.at FROM pacing_slot s WHERE s.key = p_conversation
                            AND s.at > v_now - p_history ORDER BY s.at DESC LIMIT v_longest);
    SELECT b.until INTO v_backoff FROM pacing_backoff b WHERE b.key = p_tenant;
    v_slot := greatest(v_now, coalesce(v_backoff, v_now));
    IF cardinality(v_tenant) > 0 THEN
        v_slot := greatest(v_slot, v_tenant[1] + (p_tenant_seconds + p_margin) / p_tenant_limit);
    END IF;
    IF cardinality(v_tenant) >= p_tenant_limit THEN
        v_slot := greatest(v_slot, v_tenant[p_tenant_limit] + p_tenant_seconds + p_margin);
    END IF;
    IF cardinality(v_conversation) > 0 THEN
        v_ready := v_conversation[1];
    END IF;
    FOR i IN 1 .. cardinality(p_limits) LOOP
        IF cardinality(v_conversation) >= p_limits[i] THEN
            v_ready := greatest(v_ready, v_conversation[p_limits[i]] + p_seconds[i] + p_margin);
        END IF;
    END LOOP;
    IF v_ready > v_slot THEN
        RETURN QUERY SELECT v_now, v_ready, false;
        RETURN;
    END IF;
    INSERT INTO pacing_slot (key, at) VALUES (p_tenant, v_slot), (p_conversation, v_slot);
    RETURN QUERY SELECT v_now, v_slot, true;
END
$$
"""


def upgrade() -> None:
    op.create_table(
        "pacing_slot",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_pacing_slot_key_at", "pacing_slot", ["key", "at"], unique=False)
    op.create_table(
        "pacing_backoff",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("until", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(TAKE_SLOT)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION camau_take_slot")
    op.drop_table("pacing_backoff")
    op.drop_index("ix_pacing_slot_key_at", table_name="pacing_slot")
    op.drop_table("pacing_slot")
