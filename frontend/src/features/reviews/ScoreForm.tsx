import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, InputNumber, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../app/errors';
import { reviewMessages } from '../../locales/reviews.zh-CN';
import { ReasonModal } from '../shared/ReasonModal';
import { scoreError } from './format';
import {
  actOnAssignment,
  reviewKeys,
  saveReview,
  type MyAssignment,
  type ScoreValues,
} from './queries';

const t = reviewMessages;

type Values = { scores: ScoreValues; comment?: string };
type Step = {
  kind: 'accept' | 'save' | 'submit' | 'decline';
  values?: Values;
  reason?: string;
};

/**
 * An expert's review of one assignment: accept or decline, then a score per criterion.
 * `onChanged` refreshes what a step changes beyond the expert's own assignments (a bid's ranking).
 */
export function ScoreForm({
  assignment,
  onChanged,
}: {
  assignment: MyAssignment;
  onChanged?: () => void;
}) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [declining, setDeclining] = useState(false);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: reviewKeys.mine() });
    onChanged?.();
  };
  const run = useMutation({
    mutationFn: async (step: Step) => {
      if (step.kind === 'accept' || step.kind === 'decline') {
        return actOnAssignment(assignment.id, step.kind, step.reason);
      }
      const v = step.values as Values;
      await saveReview(assignment.id, v.scores, v.comment?.trim());
      return step.kind === 'submit' ? actOnAssignment(assignment.id, 'submit') : undefined;
    },
    onSuccess: (_r, step) => {
      setDeclining(false);
      if (step.kind === 'save') message.success(t.saved);
      if (step.kind === 'submit') message.success(t.submitted);
      refresh();
    },
    onError: (err) => message.error(errorMessage(err)),
  });
  const initialScores = Object.fromEntries(assignment.scores.map((s) => [s.criterion_id, Number(s.score)]));
  const editable = assignment.status === 'accepted' && !assignment.round_closed;

  if (assignment.status === 'declined') {
    return <Typography.Text type="secondary">{assignment.decline_reason}</Typography.Text>;
  }
  if (assignment.status === 'assigned') {
    return (
      <Space>
        <Button type="primary" loading={run.isPending} onClick={() => run.mutate({ kind: 'accept' })}>
          {t.accept}
        </Button>
        <Button onClick={() => setDeclining(true)}>{t.decline}</Button>
        <ReasonModal
          open={declining}
          title={t.declineReason}
          okText={t.decline}
          label={t.reason}
          requiredMessage={t.reasonRequired}
          busy={run.isPending}
          onCancel={() => setDeclining(false)}
          onSubmit={(reason) => run.mutate({ kind: 'decline', reason })}
        />
      </Space>
    );
  }
  const act = (kind: 'save' | 'submit') =>
    form
      .validateFields()
      .then((values) => run.mutate({ kind, values }))
      .catch(() => undefined);
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      disabled={!editable}
      initialValues={{ scores: initialScores, comment: assignment.comment ?? '' }}
      name={`score-${assignment.id}`}
      data-testid="score-form"
    >
      {assignment.criteria.map((c) => {
        const max = Number(c.max_score);
        return (
          <Form.Item
            key={c.id}
            name={['scores', c.id]}
            label={
              <Space>
                {c.name}
                <Tag>{`${Number(c.weight)}%`}</Tag>
                <Typography.Text type="secondary">{t.scoreRange(String(max))}</Typography.Text>
              </Space>
            }
            rules={[
              {
                validator: (_rule, value: number | null | undefined) => {
                  const problem = scoreError(value, max);
                  return problem ? Promise.reject(new Error(problem)) : Promise.resolve();
                },
              },
            ]}
          >
            <InputNumber step={0.5} precision={2} style={{ width: 140 }} />
          </Form.Item>
        );
      })}
      <Form.Item name="comment" label={t.comment}>
        <Input.TextArea rows={3} maxLength={5000} />
      </Form.Item>
      {editable && (
        <Space>
          <Button onClick={() => act('save')} loading={run.isPending && run.variables.kind === 'save'}>
            {t.save}
          </Button>
          <Button
            type="primary"
            onClick={() => act('submit')}
            loading={run.isPending && run.variables.kind === 'submit'}
          >
            {t.submit}
          </Button>
        </Space>
      )}
    </Form>
  );
}
