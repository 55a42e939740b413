/** Strings of the organisation verification queue 机构认证 on the review desk. */
export const organizationMessages = {
  tab: '待认证机构',
  creditCode: '统一社会信用代码',
  contact: '联系人',
  registeredAt: '注册于',
  verify: '通过认证',
  reject: '退回',
  verified: '已通过认证',
  rejected: '已退回',
  empty: '暂无待认证的机构',
};
