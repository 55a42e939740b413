/** Strings of the search page 全站搜索. */
export const searchMessages = {
  nav: '搜索',
  title: '全站搜索',
  placeholder: '输入关键词，如：镁合金 压铸',
  submit: '搜索',
  types: {
    demand: '技术需求',
    achievement: '科技成果',
    project: '创新项目',
    challenge: '揭榜挂帅',
  } as Record<string, string>,
  facets: {
    type: '类别',
    field: '技术领域',
    region: '地区',
    status: '状态',
    maturity: '成熟度',
  } as Record<string, string>,
  total: (total: number, ms: number) => `共 ${total} 条结果（${ms} 毫秒）`,
  browsing: '最新发布',
  empty: '没有找到相关内容，换个关键词试试',
  unavailable: '搜索服务暂时不可用，请稍后再试；各库的列表仍可浏览',
  clear: '清除筛选',
  retry: '重试',
};
