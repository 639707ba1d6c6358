// The counter console's 受理办件 panel in the staff languages.
import type { CaseStatus } from '../../core/cases.ts';
import { caseMessages } from '../shared/case-messages.ts';
import type { Messages } from '../shared/i18n.ts';

type Key = 'title' | 'matter' | 'matterHint' | 'accept' | 'accepted' | 'receipt' | 'due' | 'moveTo' | 'note' | 'move' | 'reprint' | 'reprinted' | 'noTicket';

// The status words are the visitors' (renderer/shared/case-messages.ts): a clerk and a visitor name a status alike.
const statusWords = (lang: 'zh-CN' | 'zh-TW' | 'en') =>
  Object.fromEntries(Object.entries(caseMessages[lang]).filter(([k]) => k.startsWith('status_'))) as Record<`status_${CaseStatus}`, string>;

export const caseConsoleMessages: Messages<Key | `status_${CaseStatus}`> = {
  'zh-CN': {
    ...statusWords('zh-CN'),
    title: '受理办件',
    matter: '事项编码',
    matterHint: '按 A 填写事项编码，回车受理；申请人取自当前号票的身份证',
    accept: '受理并打印回执',
    accepted: '已受理 {n}，回执已送窗口打印机',
    receipt: '受理编号 {n}',
    due: '承诺办结 {d}',
    moveTo: '变更为',
    note: '说明（补正材料、不予受理理由、领取说明）',
    move: '更新状态',
    reprint: '补打回执',
    reprinted: '回执已送窗口打印机',
    noTicket: '叫号后可为当前办事人受理办件',
  },
  'zh-TW': {
    ...statusWords('zh-TW'),
    title: '受理辦件',
    matter: '事項編碼',
    matterHint: '按 A 填寫事項編碼，Enter 受理；申請人取自當前號票的身分證',
    accept: '受理並列印回執',
    accepted: '已受理 {n}，回執已送窗口印表機',
    receipt: '受理編號 {n}',
    due: '承諾辦結 {d}',
    moveTo: '變更為',
    note: '說明（補正材料、不予受理理由、領取說明）',
    move: '更新狀態',
    reprint: '補印回執',
    reprinted: '回執已送窗口印表機',
    noTicket: '叫號後可為當前辦事人受理辦件',
  },
  en: {
    ...statusWords('en'),
    title: 'Accept a case',
    matter: 'Matter code',
    matterHint: 'Press A to type the matter code, Enter to accept; the applicant comes from the ticket’s ID card',
    accept: 'Accept and print receipt',
    accepted: 'Accepted {n}; the receipt went to this window’s printer',
    receipt: 'Receipt {n}',
    due: 'Due {d}',
    moveTo: 'Change to',
    note: 'Note (missing documents, reason, pickup)',
    move: 'Update status',
    reprint: 'Reprint receipt',
    reprinted: 'The receipt went to this window’s printer',
    noTicket: 'Call a visitor to accept a case for them',
  },
};
