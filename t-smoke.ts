import { writeFileSync } from 'node:fs';
import { startTestHall, makeIdNumber } from './tests/helpers/hall.ts';
import { issueCertificate } from './client/certificates-client.ts';
const hall = await startTestHall({ settings: { hallName: '南京市玄武区政务服务中心' } });
try {
  const k = await hall.admin.createDevice({ name: '自助终端1', kind: 'kiosk' });
  const kiosk = hall.anon.withToken(k.token);
  const id = makeIdNumber('1990-03-07');
  const rows = Array.from({ length: 30 }, (_, i) => ({ month: `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`, base: 8000, pension: 640, medical: 160, unemployment: 40 }));
  await hall.admin.request('PUT', '/api/v1/certificate-records', { type: 'social-insurance', idCardNumber: id, name: '张𪚥三', data: { insuredPlace: '南京市', employer: '南京玄武科技有限公司', firstInsuredOn: '2012-07-01', status: '正常参保' }, rows });
  for (const period of ['last12', 'last24']) {
    const t0 = Date.now();
    const c = await issueCertificate(kiosk, { type: 'social-insurance', idCardNumber: id, name: '张𪚥三', period }, period);
    console.log(period, c.pdf.length, Date.now() - t0, 'ms');
    writeFileSync(`/tmp/certtry/${period}.pdf`, c.pdf);
  }
} finally { await hall.close(); }
