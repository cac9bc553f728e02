// 亲情账户 links (FamilyStore): one opaque memberId per (guardian, member), kept across the
// platform's updates; another guardian's memberId is as unknown as a made-up one; only active
// links reach a guardian.
import type { LinkFacts } from '../../bff/src/store/records';
import { STORE_IMPLEMENTATIONS } from './implementations';
import { storesUnderTest, T0 } from './support';

const facts = (
  guardianPerson: string,
  memberPerson: string,
  status: LinkFacts['status'] = 'active',
): LinkFacts => ({
  guardianPerson,
  memberPerson,
  relation: 'child',
  maskedName: '张*',
  age: 8,
  insutype: '390',
  regionName: '绥化市',
  status,
  maskedPhone: null,
});

describe.each(STORE_IMPLEMENTATIONS)('the family store on $name', (implementation) => {
  const t = storesUnderTest(implementation);
  let serial = 0;
  const newId = () => `M${(serial += 1)}`;

  it('gives a new link a new memberId and keeps it across the platform’s updates', async () => {
    const { family } = t.stores;
    const link = await family.upsert(facts('G1', 'K1', 'pending'), newId);
    expect(link).toMatchObject({
      ...facts('G1', 'K1', 'pending'),
      memberId: expect.any(String),
      name: null,
      faceAttempts: 0,
      smsAttempts: 0,
      createdAt: T0,
    });
    t.advance(1000);
    const again = await family.upsert({ ...facts('G1', 'K1'), age: 9 }, newId);
    expect(again).toMatchObject({
      memberId: link.memberId,
      status: 'active',
      age: 9,
      createdAt: T0,
      updatedAt: T0 + 1000,
    });
    expect(await family.get('G1', link.memberId)).toEqual(again);
    // Another guardian asking by this memberId: unknown.
    expect(await family.get('G2', link.memberId)).toBeUndefined();
  });

  it('lists a guardian’s links in the order made, and the guardians a member’s active links reach', async () => {
    const { family } = t.stores;
    const a = await family.upsert(facts('G1', 'K1'), newId);
    t.advance(1);
    const b = await family.upsert(facts('G1', 'K2', 'pending'), newId);
    await family.upsert(facts('G2', 'K1'), newId);
    await family.upsert(facts('G3', 'K1', 'pending'), newId);
    expect((await family.ofGuardian('G1')).map((link) => link.memberId)).toEqual([a.memberId, b.memberId]);
    expect((await family.guardiansOf('K1')).sort()).toEqual(['G1', 'G2']);
    expect(await family.liveLink('G1', 'K1')).toMatchObject({ memberId: a.memberId });
    expect(await family.liveLink('G1', 'K2')).toBeUndefined();
    expect(await family.liveLink('G3', 'K1')).toBeUndefined();
  });

  it('records a pending member’s progress, clears it, and removes a link for good', async () => {
    const { family } = t.stores;
    const link = await family.upsert(facts('G1', 'K1', 'pending'), newId);
    await family.update(link.memberId, {
      name: '张小明',
      docType: 'resident_id',
      docNumber: '230102201801010011',
      faceId: 'F1',
      faceAttempts: 1,
    });
    expect(await family.get('G1', link.memberId)).toMatchObject({
      name: '张小明',
      faceId: 'F1',
      faceAttempts: 1,
    });
    await family.update(link.memberId, {
      status: 'active',
      name: null,
      docType: null,
      docNumber: null,
      faceId: null,
    });
    expect(await family.get('G1', link.memberId)).toMatchObject({
      status: 'active',
      name: null,
      docNumber: null,
      faceId: null,
      faceAttempts: 1,
    });
    await family.remove(link.memberId);
    expect(await family.get('G1', link.memberId)).toBeUndefined();
    expect(await family.guardiansOf('K1')).toEqual([]);
    // Linked again later: a new memberId, the old one stays dead.
    const relinked = await family.upsert(facts('G1', 'K1'), newId);
    expect(relinked.memberId).not.toBe(link.memberId);
  });
});
