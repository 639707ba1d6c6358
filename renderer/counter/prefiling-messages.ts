// The counter's pre-filing panel words (zh-CN default, zh-TW, en).
import type { Messages } from '../shared/i18n.ts';

export type PrefilingKey = 'prefiled' | 'applicant' | 'commitment' | 'noCommitment' | 'accept' | 'accepting' | 'accepted' | 'acceptFailed';

export const prefilingMessages: Messages<PrefilingKey> = {
  'zh-CN': {
    prefiled: '自助申报：{matter}',
    applicant: '申请人',
    commitment: '已签署告知承诺',
    noCommitment: '未签署告知承诺',
    accept: '一键受理',
    accepting: '正在受理…',
    accepted: '已受理，受理编号 {n}',
    acceptFailed: '受理失败：{reason}',
  },
  'zh-TW': {
    prefiled: '自助申報：{matter}',
    applicant: '申請人',
    commitment: '已簽署告知承諾',
    noCommitment: '未簽署告知承諾',
    accept: '一鍵受理',
    accepting: '正在受理…',
    accepted: '已受理，受理編號 {n}',
    acceptFailed: '受理失敗：{reason}',
  },
  en: {
    prefiled: 'Pre-filed: {matter}',
    applicant: 'Applicant',
    commitment: 'Commitment signed',
    noCommitment: 'No commitment signed',
    accept: 'Accept as a case',
    accepting: 'Accepting…',
    accepted: 'Accepted, receipt number {n}',
    acceptFailed: 'Could not accept: {reason}',
  },
};
