/** UI strings of matching (供需匹配) and of asking to connect (申请对接) from a match. */
export const matchingMessages = {
  panel: {
    demand: '匹配成果',
    achievement: '匹配需求',
    empty: '暂无匹配',
    unavailable: '匹配服务暂时不可用，请稍后再试',
    error: '匹配结果加载失败',
    retry: '重试',
  },
  reasons: {
    sharedTerms: '共同关键词',
    more: ' 等',
    sameField: '同一领域',
    maturity: '成熟度',
  },
  workspace: {
    demand: '匹配成果',
    achievement: '匹配需求',
    best: '最佳匹配',
  },
  connect: {
    button: '申请对接',
    requested: '已申请对接',
    title: '申请对接',
    message: '对接留言',
    messageRequired: '请填写对接留言',
    defaultMessage: (title: string) => `您好，我方对「${title}」很感兴趣，希望与贵单位进一步对接洽谈。`,
    submit: '发送申请',
    cancel: '取消',
    sent: '对接申请已发送',
    accept: '接受',
    accepted: '已接受对接申请',
  },
  errors: {
    'search.unavailable': '匹配服务暂时不可用，请稍后再试',
    'connection.own_entry': '不能对本机构的条目申请对接',
    'connection.duplicate': '本机构已对该条目提出对接申请',
    'connection.target_not_open': '该条目当前不接受对接',
    'connection.not_found': '对接记录不存在',
  } as Record<string, string>,
} as const;
