import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Form, Input } from 'antd';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { applyErrorToForm, errorMessage, fieldErrorsFor, fieldPath } from './errors';

function problem(code: string, fields: { field: string; message: string; type: string }[], status = 422) {
  return new ApiError({ type: 'about:blank', title: 'Unprocessable content', status, code, detail: 'server detail', fields });
}

describe('fieldPath', () => {
  it('drops the location and list indexes', () => {
    expect(fieldPath('body.organization.credit_code')).toEqual(['organization', 'credit_code']);
    expect(fieldPath('body.title')).toEqual(['title']);
    expect(fieldPath('body.keywords.3')).toEqual(['keywords']);
  });
});

describe('fieldErrorsFor', () => {
  it('maps nested fields onto form names and keeps unknown ones apart', () => {
    const err = problem('request.validation_failed', [
      { field: 'body.organization.credit_code', message: 'invalid credit code', type: 'value_error' },
      { field: 'body.email', message: 'Field required', type: 'missing' },
      { field: 'body.unknown_thing', message: 'nope', type: 'weird' },
    ]);
    const { fields, rest } = fieldErrorsFor(err, [['organization', 'credit_code'], ['email']]);
    expect(fields).toEqual([
      { name: ['organization', 'credit_code'], errors: ['格式不正确'] },
      { name: ['email'], errors: ['请填写此项'] },
    ]);
    expect(rest).toEqual(['nope']);
  });

  it('describes a single generic validation failure by its type, not the code', () => {
    const err = problem('request.validation_failed', [
      { field: 'body.organization.credit_code', message: 'bad', type: 'value_error' },
    ]);
    expect(fieldErrorsFor(err, [['organization', 'credit_code']]).fields[0]?.errors).toEqual([
      '格式不正确',
    ]);
  });

  it('names a single failing field by the problem code in Chinese', () => {
    const err = problem('demand.date_in_the_past', [
      { field: 'body.valid_until', message: 'in the past', type: 'value_error' },
    ]);
    expect(fieldErrorsFor(err, [['valid_until']]).fields).toEqual([
      { name: ['valid_until'], errors: ['日期不能早于今天'] },
    ]);
  });
});

describe('errorMessage', () => {
  it('uses the shared table by code, 412 always, and falls back to detail', () => {
    expect(errorMessage(problem('workflow.transition_not_allowed', [], 409))).toBe('当前状态不允许此操作');
    expect(errorMessage(problem('whatever', [], 412))).toBe('内容已被他人修改，请刷新后重试');
    expect(errorMessage(problem('something.new', [], 400))).toBe('server detail');
  });

  it('says a database away for a moment is worth a retry, not a failure', () => {
    expect(errorMessage(problem('database.unavailable', [], 503))).toBe('数据库暂时不可用，请稍后重试');
  });
});

describe('applyErrorToForm', () => {
  it('shows the server error next to the field it names', async () => {
    const err = problem('request.validation_failed', [
      { field: 'body.organization.credit_code', message: 'bad', type: 'value_error' },
    ]);
    const known = [['organization', 'credit_code'], ['email']];
    let rest: string | null = 'not called';
    function Harness() {
      const [form] = Form.useForm();
      return (
        <Form form={form}>
          <Form.Item label="统一社会信用代码" name={['organization', 'credit_code']}>
            <Input />
          </Form.Item>
          <Form.Item label="邮箱" name="email">
            <Input />
          </Form.Item>
          <button type="button" onClick={() => (rest = applyErrorToForm(form, err, known))}>
            submit
          </button>
        </Form>
      );
    }
    render(<Harness />);
    fireEvent.click(screen.getByRole('button', { name: 'submit' }));
    expect(rest).toBeNull();
    const item = screen.getByLabelText('统一社会信用代码').closest('.ant-form-item') as HTMLElement;
    await waitFor(() => expect(item).toHaveTextContent('格式不正确'), { timeout: 3_000 });
    expect(item).toHaveClass('ant-form-item-has-error');
    expect(screen.getByLabelText('邮箱').closest('.ant-form-item')).not.toHaveClass(
      'ant-form-item-has-error',
    );
  });
});
