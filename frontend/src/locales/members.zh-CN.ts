/** Strings of joining an organisation by invitation 邀请成员. */
export const memberMessages = {
  menu: '邀请成员',
  title: '邀请成员加入本机构',
  intro: '输入同事的邮箱，生成一次性邀请链接，请通过邮件或即时通讯发送给对方。链接只显示一次。',
  email: '同事邮箱',
  invite: '生成邀请链接',
  created: (email: string, until: string) => `已为 ${email} 生成邀请链接，有效期至 ${until}：`,
  ownerOnly: '只有机构负责人可以邀请成员',
  acceptTitle: '接受邀请，加入机构',
  acceptIntro: '设置您的姓名和登录密码，即可以机构成员身份登录。',
  displayName: '姓名',
  password: '登录密码',
  mobile: '手机号（选填）',
  accept: '加入机构',
  required: '请填写此项',
};
