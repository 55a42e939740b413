import { useInfiniteQuery } from '@tanstack/react-query';
import { App, Button, Card, Progress, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { api } from '../../../api/client';
import { errorMessage } from '../../../app/errors';
import { adminMessages } from '../../../locales/admin.zh-CN';
import { saveBlob } from '../../shared/download';
import { CursorTable } from '../../shared/CursorTable';
import { importPercent } from '../filters';
import { importsQuery, type ImportJob } from '../queries';

const t = adminMessages.imports;
const STATUS_COLORS: Record<string, string> = {
  queued: 'default',
  running: 'processing',
  succeeded: 'success',
  partial: 'warning',
  failed: 'error',
};

async function downloadReport(job: ImportJob) {
  const { data, response } = await api.GET('/api/v1/imports/{job_id}/errors.xlsx', {
    params: { path: { job_id: job.id } },
    parseAs: 'blob',
  });
  if (!response.ok || !(data instanceof Blob)) throw new Error(`HTTP ${response.status}`);
  saveBlob(data, `${job.filename.replace(/\.[^.]+$/, '')}-错误报告.xlsx`);
}

/** Import jobs with their progress; the error report of each job to download. */
export function ImportsPage() {
  const { message } = App.useApp();
  const jobs = useInfiniteQuery({
    ...importsQuery(),
    // Follow running jobs until they finish.
    refetchInterval: (query) =>
      query.state.data?.pages.some((p) =>
        p.items.some((j) => j.status === 'queued' || j.status === 'running'),
      )
        ? 2000
        : false,
  });
  const columns: TableColumnsType<ImportJob> = [
    { title: t.file, dataIndex: 'filename' },
    { title: t.collection, dataIndex: 'collection', render: (c: string) => t.collections[c] ?? c },
    { title: t.mode, dataIndex: 'mode', render: (m: string) => t.modes[m] ?? m },
    {
      title: t.status,
      dataIndex: 'status',
      render: (s: string) => <Tag color={STATUS_COLORS[s]}>{t.statuses[s] ?? s}</Tag>,
    },
    {
      title: t.progress,
      key: 'progress',
      width: 200,
      render: (_, job) => (
        <Progress
          percent={importPercent(job)}
          size="small"
          status={job.status === 'failed' ? 'exception' : job.status === 'running' ? 'active' : undefined}
          aria-label={`${t.progress} ${job.filename}`}
        />
      ),
    },
    { title: t.created, dataIndex: 'created_count' },
    { title: t.errors, dataIndex: 'error_count' },
    {
      title: t.startedAt,
      dataIndex: 'created_at',
      render: (at: string) => new Date(at).toLocaleString('zh-CN', { hour12: false }),
    },
    {
      title: adminMessages.common.actions,
      key: 'report',
      render: (_, job) =>
        job.error_count > 0 ? (
          <Button
            size="small"
            onClick={() => downloadReport(job).catch((error) => message.error(errorMessage(error)))}
          >
            {t.report}
          </Button>
        ) : null,
    },
  ];
  return (
    <Card>
      <CursorTable<ImportJob> query={jobs} columns={columns} rowKey="id" label={adminMessages.nav.imports} />
    </Card>
  );
}
