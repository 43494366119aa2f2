/** Why the loader refused a change (its English reason), in Thai first with the reason in brackets. */
const KNOWN: ReadonlyArray<[RegExp, string]> = [
  [/no LAO \S+ in the registry/u, 'ไม่พบรหัส อปท. นี้ในทะเบียน'],
  [/must open before it closes/u, 'เวลาเปิดรับต้องอยู่ก่อนเวลาปิดรับ'],
  [/no exception for LAO/u, 'อปท. นี้ไม่มีข้อยกเว้นในรอบนี้'],
  [/is not in cluster|no record of/u, 'ไม่พบระเบียนนี้ในกลุ่ม ผลการตรวจอาจเปลี่ยนไปแล้ว กรุณาโหลดหน้าใหม่'],
  [/206 \(other\) needs a note/u, 'รหัส 206 (อื่น ๆ) ต้องระบุหมายเหตุ'],
];

export function refusalTh(reason: string): string {
  const known = KNOWN.find(([pattern]) => pattern.test(reason));
  return `บันทึกไม่ได้: ${known ? known[1] : 'ข้อมูลไม่ถูกต้อง'} (${reason})`;
}
