import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbOrTx } from "../../db/client";
import { column, queryRows } from "../../db/rows";
import { closeSignerPool } from "../../lib/campaigns/campaign-signer-pool";
import { issueCampaignSliceFast } from "../../lib/campaigns/issue-campaign-slice-fast";
import { acceptTransfer } from "../../lib/transfers/accept-transfer";
import { insertRunningCampaign } from "../support/campaign-fixtures";
import {
  actorOf,
  authorizeAccept,
  couponTestDatabaseForFile,
  createUsers,
  expectLedgerClean,
  issueTestCoupon,
  offerTestCoupon,
} from "../support/coupon-fixtures";
import type { TestUser } from "../support/identity";

// Migration 0027: coupons and transfers announce their live events per statement. These tests pin the exact
// live_events rows (topic, audience, ref) that migration 0013's row triggers wrote for the same changes: for every
// inserted row, and for every updated row whose watched columns changed, each distinct non-null audience once;
// and how they are announced: a few events each whole (as before), many as one range per statement.

const t = couponTestDatabaseForFile();
const listeners: postgres.Sql[] = [];
afterAll(async () => {
  for (const listener of listeners) await listener.end({ timeout: 1 });
  await closeSignerPool();
});

async function lastEventId(db: DbOrTx = t.db): Promise<bigint> {
  const [row] = await queryRows(
    db,
    { id: column.bigint },
    sql`select coalesce(max(id), 0)::text as id from live_events`,
  );
  return row?.id ?? 0n;
}

/** The coupon and transfer events written after `id`, as sorted "topic ref → audience" lines. */
async function couponEventsAfter(id: bigint, db: DbOrTx = t.db): Promise<string[]> {
  const rows = await queryRows(
    db,
    { audience: column.text, topic: column.text, ref: column.text },
    sql`select audience, topic, ref from live_events
      where id > ${id.toString()}::bigint and topic in ('coupon', 'transfer') order by id`,
  );
  return rows.map((r) => `${r.topic} ${r.ref} → ${r.audience}`).sort();
}

const lines = (...events: [topic: string, ref: string, audience: string][]) =>
  events.map(([topic, ref, audience]) => `${topic} ${ref} → ${audience}`).sort();

/** The coupon and transfer events written after `id`, oldest first. */
async function eventsWrittenAfter(id: bigint) {
  return queryRows(
    t.db,
    { id: column.text, audience: column.text, topic: column.text, ref: column.text },
    sql`select id::text as id, audience, topic, ref from live_events
      where id > ${id.toString()}::bigint and topic in ('coupon', 'transfer') order by id`,
  );
}

/** The payloads of scrip_live notifications from now on, on a LISTEN connection of their own. */
async function listen(): Promise<Record<string, string>[]> {
  const listener = postgres(t.url, { max: 1, onnotice: () => {} });
  listeners.push(listener);
  const payloads: Record<string, string>[] = [];
  await listener.listen("scrip_live", (payload) => payloads.push(JSON.parse(payload)));
  return payloads;
}

/** Commits a marker event and waits for it: every notification committed before it has then arrived. */
async function endMark(payloads: Record<string, string>[]): Promise<void> {
  const marker = `end_${payloads.length}_${Date.now()}`;
  await t.db.execute(sql`select scrip_live_event('admin', 'order', ${marker})`);
  await vi.waitFor(() => expect(payloads.some((p) => p.r === marker)).toBe(true));
}

let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
beforeAll(async () => {
  [alice, bob, carol] = (await createUsers(t.db, 3)) as [TestUser, TestUser, TestUser];
});

describe("live events of coupons and transfers, written per statement", () => {
  it("issue, offer and accept announce exactly what the row triggers announced", async () => {
    let before = await lastEventId();
    const coupon = await issueTestCoupon(t.db, alice);
    // Inserted coupon: its owner and its requester, the same party, once.
    expect(await couponEventsAfter(before)).toEqual(lines(["coupon", coupon.id, alice.partyId]));

    before = await lastEventId();
    const offer = await offerTestCoupon(t.db, alice, coupon, { partyId: bob.partyId });
    // Inserted transfer: giver and recipient; the coupon's status changed: its owner.
    expect(await couponEventsAfter(before)).toEqual(
      lines(
        ["transfer", offer.transferId, alice.partyId],
        ["transfer", offer.transferId, bob.partyId],
        ["coupon", coupon.id, alice.partyId],
      ),
    );

    before = await lastEventId();
    await acceptTransfer(t.db, actorOf(bob), {
      transferId: offer.transferId,
      authorization: await authorizeAccept(t.db, bob, offer),
    });
    // Accepted transfer: giver, recipient and acceptor (the recipient) once each; the coupon's new and old owner,
    // and its requester (the old owner) for the funding, once.
    expect(await couponEventsAfter(before)).toEqual(
      lines(
        ["transfer", offer.transferId, alice.partyId],
        ["transfer", offer.transferId, bob.partyId],
        ["coupon", coupon.id, bob.partyId],
        ["coupon", coupon.id, alice.partyId],
      ),
    );
    await expectLedgerClean(t.db);
  });

  it("a statement's few events are each notified whole, in id order, as the row triggers did", async () => {
    const payloads = await listen();
    const coupon = await issueTestCoupon(t.db, alice);
    const before = await lastEventId();
    await offerTestCoupon(t.db, alice, coupon, { partyId: carol.partyId });
    const written = await eventsWrittenAfter(before);
    await endMark(payloads);
    const ours = payloads.filter(
      (p) => (p.t === "coupon" || p.t === "transfer") && BigInt(p.id ?? 0) > before,
    );
    expect(ours).toEqual(written.map((e) => ({ id: e.id, a: e.audience, t: e.topic, r: e.ref })));
    expect(ours.map((p) => p.t)).toEqual(["transfer", "transfer", "coupon"]);
  });

  it("a campaign slice (one COPY into coupons, one into transfers) writes every row's events and ONE range notification per statement", async () => {
    const [sponsor] = await createUsers(t.db, 1);
    if (!sponsor) throw new Error("no sponsor");
    const { campaignId } = await insertRunningCampaign(t.db, {
      sponsorPartyId: sponsor.partyId,
      createdByUserId: sponsor.userId,
      kind: "claim_codes",
      couponCount: 20,
      amountMinor: 250n,
    });
    const payloads = await listen();
    const before = await lastEventId();
    expect(await issueCampaignSliceFast(t.db, { campaignId, fromIndex: 0, toIndex: 20 })).toEqual({
      issued: 20,
    });
    const rows = await queryRows(
      t.db,
      { coupon: column.text, transfer: column.text },
      sql`select c.id as coupon, r.id as transfer from coupons c join transfers r on r.coupon_id = c.id
        where c.campaign_id = ${campaignId}`,
    );
    expect(rows).toHaveLength(20);
    // Owner, requester and giver are the sponsor; a claim-code offer has no recipient yet.
    expect(await couponEventsAfter(before)).toEqual(
      lines(
        ...rows.flatMap((row): [string, string, string][] => [
          ["coupon", row.coupon, sponsor.partyId],
          ["transfer", row.transfer, sponsor.partyId],
        ]),
      ),
    );
    const written = await eventsWrittenAfter(before);
    await endMark(payloads);
    const ranges = payloads.filter((p) => "from" in p);
    expect(payloads.filter((p) => p.t === "coupon" || p.t === "transfer")).toEqual([]);
    for (const topic of ["coupon", "transfer"]) {
      const ids = written.filter((e) => e.topic === topic).map((e) => BigInt(e.id));
      expect(
        ranges.filter((r) => BigInt(r.from ?? -1) <= ids[0]! && BigInt(r.to ?? -1) >= ids.at(-1)!),
        topic,
      ).toHaveLength(1);
    }
    await expectLedgerClean(t.db);
  });

  it("multi-row inserts and updates announce every row, and updates only the rows whose watched columns changed", async () => {
    const first = await issueTestCoupon(t.db, alice);
    const second = await issueTestCoupon(t.db, alice);
    const third = await issueTestCoupon(t.db, alice);
    const offered = await offerTestCoupon(t.db, alice, first, { partyId: bob.partyId });
    const rolledBack = new Error("roll back: these rows bypass the domain");
    await expect(
      t.db.transaction(async (tx) => {
        // Three copies of the offer in one INSERT: to Carol; open (no recipient); accepted by Carol (to Bob).
        let before = await lastEventId(tx);
        const copyOf = (table: "transfers" | "coupons", id: string, changes: Record<string, string | null>) =>
          sql.raw(`select (jsonb_populate_record(null::${table}, to_jsonb(c) || '${JSON.stringify(changes)}'::jsonb)).*
            from ${table} c where c.id = '${id}'`);
        await tx.execute(sql`insert into transfers
          ${copyOf("transfers", offered.transferId, { id: "trf_copy_carol", to_party_id: carol.partyId, status: "declined", coupon_id: second.id })}
          union all
          ${copyOf("transfers", offered.transferId, { id: "trf_copy_open", to_party_id: null, status: "declined", coupon_id: second.id, claim_code_hash: "hash_copy_open" })}
          union all
          ${copyOf("transfers", offered.transferId, { id: "trf_copy_taken", accepted_by_party_id: carol.partyId, status: "accepted", coupon_id: third.id, acceptor_authorization: "{}" })}`);
        expect(await couponEventsAfter(before, tx)).toEqual(
          lines(
            ["transfer", "trf_copy_carol", alice.partyId],
            ["transfer", "trf_copy_carol", carol.partyId],
            ["transfer", "trf_copy_open", alice.partyId],
            ["transfer", "trf_copy_taken", alice.partyId],
            ["transfer", "trf_copy_taken", bob.partyId],
            ["transfer", "trf_copy_taken", carol.partyId],
          ),
        );

        // Two new coupons in one INSERT: one Alice requested for Bob, one she owns herself.
        before = await lastEventId(tx);
        await tx.execute(sql`insert into coupons
          ${copyOf("coupons", second.id, { id: "cpn_copy_bob", owner_party_id: bob.partyId, value_signature: "sig_copy_bob", issuance_request_id: null })}
          union all
          ${copyOf("coupons", second.id, { id: "cpn_copy_alice", value_signature: "sig_copy_alice", issuance_request_id: null })}`);
        expect(await couponEventsAfter(before, tx)).toEqual(
          lines(
            ["coupon", "cpn_copy_bob", bob.partyId],
            ["coupon", "cpn_copy_bob", alice.partyId],
            ["coupon", "cpn_copy_alice", alice.partyId],
          ),
        );

        // One UPDATE of transfers: two change status (announced), one only its expiry (not announced).
        before = await lastEventId(tx);
        await tx.execute(sql`update transfers set
            status = case when id = 'trf_copy_open' then status else 'expired' end,
            expires_at = expires_at + interval '1 hour'
          where id in ('trf_copy_carol', 'trf_copy_open', ${offered.transferId})`);
        expect(await couponEventsAfter(before, tx)).toEqual(
          lines(
            ["transfer", "trf_copy_carol", alice.partyId],
            ["transfer", "trf_copy_carol", carol.partyId],
            ["transfer", offered.transferId, alice.partyId],
            ["transfer", offered.transferId, bob.partyId],
          ),
        );

        // One UPDATE of coupons: Bob's copy moves to Carol; Alice's copy moves to Carol and is funded; the second
        // coupon gets only a new version; the third only a new updated_at (not announced).
        before = await lastEventId(tx);
        await tx.execute(sql`update coupons set
            owner_party_id = case when id in ('cpn_copy_bob', 'cpn_copy_alice') then ${carol.partyId} else owner_party_id end,
            version = case when id = ${third.id} then version else version + 1 end,
            funded = case when id = 'cpn_copy_alice' then true else funded end,
            updated_at = now() + interval '1 minute'
          where id in ('cpn_copy_bob', 'cpn_copy_alice', ${second.id}, ${third.id})`);
        expect(await couponEventsAfter(before, tx)).toEqual(
          lines(
            ["coupon", "cpn_copy_bob", carol.partyId],
            ["coupon", "cpn_copy_bob", bob.partyId],
            ["coupon", "cpn_copy_alice", carol.partyId],
            ["coupon", "cpn_copy_alice", alice.partyId],
            ["coupon", second.id, alice.partyId],
          ),
        );

        // Alice's copy, now Carol's and funded, to Bob: new and old owner only. Bob's copy, now Carol's (requested by
        // Alice, unfunded), to Bob and funded: new owner, old owner and the requester.
        before = await lastEventId(tx);
        await tx.execute(sql`update coupons set owner_party_id = ${bob.partyId}, version = version + 1
          where id = 'cpn_copy_alice'`);
        await tx.execute(sql`update coupons set owner_party_id = ${bob.partyId}, version = version + 1,
            funded = true where id = 'cpn_copy_bob'`);
        expect(await couponEventsAfter(before, tx)).toEqual(
          lines(
            ["coupon", "cpn_copy_alice", bob.partyId],
            ["coupon", "cpn_copy_alice", carol.partyId],
            ["coupon", "cpn_copy_bob", bob.partyId],
            ["coupon", "cpn_copy_bob", carol.partyId],
            ["coupon", "cpn_copy_bob", alice.partyId],
          ),
        );

        // A statement that changes no row announces nothing.
        before = await lastEventId(tx);
        await tx.execute(sql`update coupons set version = version + 1 where id = 'cpn_nobody'`);
        await tx.execute(sql`update transfers set status = 'expired' where id = 'trf_nobody'`);
        expect(await couponEventsAfter(before, tx)).toEqual([]);
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
    await expectLedgerClean(t.db);
  });
});
