import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, InputNumber, Modal, Space } from 'antd';
import { useState } from 'react';
import { applyErrorToForm, errorMessage } from '../../app/errors';
import { projectMessages } from '../../locales/projects.zh-CN';
import { messages } from '../../locales/zh-CN';
import { actOnProject, projectKeys, type Project, type ProjectAction } from '../projects/queries';
import { formatAmount } from '../shared/format';
import { ReasonModal } from '../shared/ReasonModal';
import { roundKeys, STAFF_ACTIONS } from './projectQueries';

const t = projectMessages.desk;

const NEEDS_REASON = new Set<ProjectAction>(['fail_formal_check', 'reject', 'terminate']);
const DANGER = NEEDS_REASON;

/** 批准立项: the budget granted, at most what was requested. */
function ApproveModal({ project, open, onClose }: { project: Project; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<{ budget_granted: number }>();
  const [error, setError] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const approve = useMutation({
    mutationFn: (v: { budget_granted: number }) => actOnProject(project.id, 'approve', v),
    onSuccess: () => {
      onClose();
      void queryClient.invalidateQueries({ queryKey: projectKeys.all });
      void queryClient.invalidateQueries({ queryKey: roundKeys.all });
    },
    onError: (err) => setError(applyErrorToForm(form, err, [['budget_granted']])),
  });
  const max = Number(project.budget_requested);
  return (
    <Modal
      open={open}
      title={`${t.approveTitle}：${project.title}`}
      okText={t.actions.approve}
      cancelText={messages.workspace.cancel}
      okButtonProps={{ loading: approve.isPending }}
      onCancel={onClose}
      onOk={() => form.submit()}
      afterClose={() => {
        form.resetFields();
        setError(null);
      }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ budget_granted: max }} onFinish={(v) => approve.mutate(v)}>
        <Form.Item
          label={t.budgetGranted}
          name="budget_granted"
          rules={[
            { required: true, message: t.budgetGrantedRequired },
            { type: 'number', max, message: t.budgetGrantedMax(formatAmount(project.budget_requested)) },
          ]}
        >
          <InputNumber min={0.01} precision={2} style={{ width: '100%' }} autoFocus />
        </Form.Item>
        {error && <div role="alert" style={{ color: '#cf1322' }}>{error}</div>}
      </Form>
    </Modal>
  );
}

/** The staff's buttons for a project's current status; reasons and the budget are asked first. */
export function ProjectStaffActions({ project }: { project: Project }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState<ProjectAction | null>(null);
  const act = useMutation({
    mutationFn: ({ action, reason }: { action: ProjectAction; reason?: string }) =>
      actOnProject(project.id, action, reason ? { reason } : {}),
    onSuccess: () => {
      setAsking(null);
      void message.success(t.done);
      void queryClient.invalidateQueries({ queryKey: projectKeys.all });
      void queryClient.invalidateQueries({ queryKey: roundKeys.all });
    },
    onError: (err) => message.error(errorMessage(err)),
  });
  return (
    <Space wrap>
      {(STAFF_ACTIONS[project.status] ?? []).map((action) => (
        <Button
          key={action}
          type={DANGER.has(action) ? 'default' : 'primary'}
          danger={DANGER.has(action)}
          aria-label={`${t.actions[action]} ${project.title}`}
          loading={act.isPending && act.variables.action === action}
          onClick={() =>
            action === 'approve' || NEEDS_REASON.has(action) ? setAsking(action) : act.mutate({ action })
          }
        >
          {t.actions[action]}
        </Button>
      ))}
      <ReasonModal
        open={!!asking && NEEDS_REASON.has(asking)}
        title={asking ? `${t.actions[asking]}：${project.title}` : ''}
        okText={asking ? (t.actions[asking] ?? '') : ''}
        label={t.reason}
        requiredMessage={t.reasonRequired}
        busy={act.isPending}
        danger
        onCancel={() => setAsking(null)}
        onSubmit={(reason) => asking && act.mutate({ action: asking, reason })}
      />
      <ApproveModal project={project} open={asking === 'approve'} onClose={() => setAsking(null)} />
    </Space>
  );
}
