/** Strings of an expert's review 评审, alike for a project and a challenge's bid: accepting, scoring. */
export const reviewMessages = {
  accept: '接受评审',
  decline: '拒绝',
  declineReason: '拒绝理由',
  reason: '理由',
  reasonRequired: '请填写理由',
  comment: '评审意见',
  save: '保存',
  submit: '提交评分',
  saved: '已保存',
  submitted: '已提交',
  scoreRange: (max: string) => `0 – ${max} 分`,
  outOfRange: (max: string) => `请输入 0 到 ${max} 之间的分数`,
  required: '请为每项标准打分',
};
