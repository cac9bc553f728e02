// Outpatient visits (visits table) and their uploaded fee details, as 2201–2208 use them.
import type { SandboxContext } from '../../context';
import { preparedStatements } from '../../domain/prepared';
import type { FsiCall } from '../dispatch';
import { FsiError } from '../errors';

export interface Visit {
  mdtrtId: string;
  psnNo: string;
  fixmedinsCode: string;
  insutype: '310' | '390';
  medType: string;
  certType: string;
  certNo: string;
  iptOtpNo: string | null;
  status: 'open' | 'settled' | 'cancelled';
}

export interface FeeRow {
  sn: string;
  chrgBchno: string | null;
  code: string;
  qty: number;
  priceFen: number;
  amountFen: number;
}

export const visitSql = preparedStatements((db) => ({
  insert: db.prepare(
    `INSERT INTO visits (mdtrt_id, psn_no, fixmedins_code, insutype, med_type, cert_type, cert_no,
       ipt_otp_no, dept_name, dr_name, status, began_at)
     VALUES (@mdtrtId, @psnNo, @fixmedinsCode, @insutype, @medType, @certType, @certNo,
       @iptOtpNo, @deptName, @drName, 'open', @beganAt)`,
  ),
  find: db.prepare<[string], Visit>(
    `SELECT mdtrt_id AS mdtrtId, psn_no AS psnNo, fixmedins_code AS fixmedinsCode, insutype,
       med_type AS medType, cert_type AS certType, cert_no AS certNo, ipt_otp_no AS iptOtpNo, status
     FROM visits WHERE mdtrt_id = ?`,
  ),
  setMedType: db.prepare('UPDATE visits SET med_type = ? WHERE mdtrt_id = ?'),
  setStatus: db.prepare('UPDATE visits SET status = ? WHERE mdtrt_id = ?'),
  feeExists: db
    .prepare<[string, string], number>(
      "SELECT 1 FROM fee_details WHERE mdtrt_id = ? AND feedetl_sn = ? AND status = 'active'",
    )
    .pluck(),
  // A line revoked by 2205 may come back under its serial: the HIS re-uploads what it corrected.
  insertFee: db.prepare(
    `INSERT INTO fee_details (mdtrt_id, feedetl_sn, chrg_bchno, hilist_code, name, qty, price_fen, amount_fen)
     VALUES (@mdtrtId, @sn, @chrgBchno, @code, @name, @qty, @priceFen, @amountFen)
     ON CONFLICT (mdtrt_id, feedetl_sn) DO UPDATE SET
       chrg_bchno = excluded.chrg_bchno, hilist_code = excluded.hilist_code, name = excluded.name,
       qty = excluded.qty, price_fen = excluded.price_fen, amount_fen = excluded.amount_fen,
       status = 'active'
     WHERE fee_details.status = 'revoked'`,
  ),
  /** 2205: the visit's active lines, of one charge batch or (batch null) all of them. */
  revokeFees: db.prepare<{ mdtrtId: string; batch: string | null }>(
    `UPDATE fee_details SET status = 'revoked'
     WHERE mdtrt_id = @mdtrtId AND status = 'active' AND (@batch IS NULL OR chrg_bchno = @batch)`,
  ),
  activeFees: db
    .prepare<[string], number>("SELECT count(*) FROM fee_details WHERE mdtrt_id = ? AND status = 'active'")
    .pluck(),
  fees: db.prepare<[string], FeeRow>(
    `SELECT feedetl_sn AS sn, chrg_bchno AS chrgBchno, hilist_code AS code, qty, price_fen AS priceFen,
       amount_fen AS amountFen
     FROM fee_details WHERE mdtrt_id = ? AND status = 'active' ORDER BY id`,
  ),
}));

/** The visit a message names: it must exist here, belong to the person, and (by default) be open. */
export function visitFor(
  ctx: Pick<SandboxContext, 'db'>,
  call: FsiCall,
  mdtrtId: string,
  psnNo: string,
  options: { open?: boolean } = {},
): Visit {
  const visit = visitSql(ctx).find.get(mdtrtId);
  if (!visit || visit.fixmedinsCode !== call.fixmedinsCode) throw new FsiError(`就诊ID[${mdtrtId}]不存在`);
  if (visit.psnNo !== psnNo) throw new FsiError('就诊ID与人员编号不符');
  if (options.open !== false && visit.status !== 'open') {
    throw new FsiError(visit.status === 'settled' ? '该就诊已结算' : '该就诊已撤销');
  }
  return visit;
}
