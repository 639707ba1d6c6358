// The page a certificate's QR code opens (`/v/<jws>`): checks the signature against the hall's keys, then says whether
// the certificate is valid, revoked or expired, in large type for a phone. zh-CN by default, en on request.
import { createHash } from 'node:crypto';
import type { JSONWebKeySet } from 'jose';
import { verifyToken } from '../core/certificate-token.ts';
import { documentNumber } from '../core/certificates.ts';
import type { Verification } from './routes-certificates.ts';

type Lang = 'zh-CN' | 'en';
type Verdict = 'valid' | 'revoked' | 'expired' | 'forged' | 'unknown';

const MESSAGES = {
  'zh-CN': {
    pageTitle: '证明核验',
    heading: '证明核验结果',
    valid: '有效',
    validNote: '此证明由本大厅签发，内容未被篡改，在有效期内。',
    revoked: '已撤销',
    revokedNote: '此证明已被出具单位撤销，不能再作为证明使用。请联系出具单位。',
    expired: '已过期',
    expiredNote: '此证明已超过有效期。请到大厅自助终端重新打印。',
    forged: '无法核验',
    forgedNote: '二维码不是本大厅签发的，或内容已被改动。请向出具单位核实纸质证明。',
    unknown: '查无此证明',
    unknownNote: '签名有效，但本大厅没有这份证明的记录。请向出具单位核实。',
    type: '证明类型',
    holder: '持证人',
    holderId: '证件号码',
    issuedAt: '出具时间',
    validUntil: '有效期至',
    revokedAt: '撤销时间',
    number: '证明编号',
    switchTo: 'English',
  },
  en: {
    pageTitle: 'Certificate check',
    heading: 'Certificate check',
    valid: 'Valid',
    validNote: 'This certificate was issued by this hall, has not been altered and is within its validity.',
    revoked: 'Revoked',
    revokedNote: 'The issuing hall has revoked this certificate; it no longer certifies anything. Contact the hall.',
    expired: 'Expired',
    expiredNote: 'This certificate is past its validity. Print a new one at a self-service kiosk of the hall.',
    forged: 'Cannot be verified',
    forgedNote: 'This code was not signed by this hall, or its content was changed. Check the paper with the issuing hall.',
    unknown: 'No such certificate',
    unknownNote: 'The signature is valid, but this hall has no record of the certificate. Check with the issuing hall.',
    type: 'Type',
    holder: 'Holder',
    holderId: 'ID number',
    issuedAt: 'Issued',
    validUntil: 'Valid until',
    revokedAt: 'Revoked',
    number: 'Certificate number',
    switchTo: '中文',
  },
} as const;

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;background:#f3f4f6;color:#111827;font-size:20px;line-height:1.5}
main{max-width:640px;margin:0 auto;padding:24px 20px 40px}
h1{font-size:22px;font-weight:600;margin:0 0 16px;color:#374151}
.verdict{border-radius:16px;padding:24px 20px;margin-bottom:20px;color:#fff}
.verdict strong{display:block;font-size:40px;line-height:1.4;margin-bottom:8px}
.verdict p{margin:0;font-size:19px}
.valid{background:#166534}.revoked{background:#991b1b}.expired{background:#92400e}.forged{background:#991b1b}.unknown{background:#374151}
dl{background:#fff;border-radius:16px;padding:8px 20px;margin:0 0 20px}
dl div{padding:12px 0;border-bottom:1px solid #e5e7eb}dl div:last-child{border-bottom:0}
dt{font-size:16px;color:#4b5563}dd{margin:2px 0 0;font-size:22px;font-weight:600;overflow-wrap:anywhere}
a{color:#1d4ed8;font-size:18px}
`;
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

export interface VerificationPageInput {
  jwks: JSONWebKeySet;
  lookup: (id: string) => (Verification & { sha256: string }) | null;
  /** ?lang= or Accept-Language */
  lang: string;
}

export async function verificationPage(token: string, input: VerificationPageInput): Promise<{ html: string; headers: Record<string, string> }> {
  const lang: Lang = /^en\b/i.test(input.lang.trim()) ? 'en' : 'zh-CN';
  const m = MESSAGES[lang];
  const check = await verifyToken(token, input.jwks);
  let verdict: Verdict = 'forged';
  let found: (Verification & { sha256: string }) | null = null;
  if (check.ok) {
    found = input.lookup(check.claims.id);
    // A signed token whose digest is not the stored one was signed for other content: not this certificate.
    if (!found) verdict = 'unknown';
    else if (found.sha256 !== check.claims.sha256) verdict = 'forged';
    else verdict = found.status;
  }
  const time = (iso: string) => iso.slice(0, 16).replace('T', ' ');
  const rows: [string, string][] =
    check.ok && verdict !== 'forged'
      ? [
          [m.type, found?.typeName ?? check.claims.type],
          [m.holder, check.claims.holder],
          [m.holderId, check.claims.holderId],
          [m.issuedAt, time(check.claims.issuedAt)],
          [m.validUntil, check.claims.validUntil],
          ...(found?.revokedAt ? ([[m.revokedAt, time(found.revokedAt)]] as [string, string][]) : []),
          [m.number, documentNumber(check.claims.id, check.claims.issuedAt.slice(0, 10))],
        ]
      : [];
  const other: Lang = lang === 'en' ? 'zh-CN' : 'en';
  const html = `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escape(m.pageTitle)}</title><style>${STYLE}</style></head>
<body><main>
<h1>${escape(m.heading)}</h1>
<section class="verdict ${verdict}" role="status" data-verdict="${verdict}"><strong>${escape(m[verdict])}</strong><p>${escape(m[`${verdict}Note`])}</p></section>
${rows.length ? `<dl>${rows.map(([k, v]) => `<div><dt>${escape(k)}</dt><dd>${escape(v)}</dd></div>`).join('')}</dl>` : ''}
<a href="?lang=${other}" lang="${other}">${escape(m.switchTo)}</a>
</main></body></html>`;
  return {
    html,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'content-security-policy': `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    },
  };
}
