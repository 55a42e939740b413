/** UI strings in Simplified Chinese, grouped by area. */
export const messages = {
  app: {
    name: '三库一榜',
    subtitle: '科技大市场 · 创新项目库 · 技术需求库 · 科技成果库 · 揭榜挂帅榜单',
    footer: '三库一榜 · 城市科技大市场平台',
    home: '首页',
  },
  status: {
    title: 'API 服务状态',
    ready: '服务就绪',
    notReady: '服务未就绪',
    unreachable: 'API 不可达',
    unreachableHint: '无法连接到后端服务，将每 10 秒自动重试。',
    loading: '正在检查服务状态…',
    refreshing: '正在刷新…',
    ok: '正常',
    error: '异常',
    lastChecked: '最近检查',
    pollHint: '每 10 秒自动刷新',
    retry: '立即重试',
    components: {
      database: '数据库',
      migrations: '数据库结构',
      search: '搜索引擎',
    } as Record<string, string>,
  },
  notFound: {
    title: '页面不存在',
    subtitle: '抱歉，您访问的页面不存在或已被移除。',
    backHome: '返回首页',
  },
} as const;
