import { projectMessages } from '../../../locales/projects.zh-CN';
import { EntryActions } from '../../shared/EntryActions';
import { actOnProject, projectKeys, type Project, type ProjectAction } from '../queries';

const t = projectMessages.owner;

/** What the applicant may do in each status (the rest is the bureau's). */
const AVAILABLE: Record<string, ProjectAction[]> = {
  draft: ['submit'],
  submitted: ['withdraw'],
  approved: ['start'],
};

/** The applicant's actions on its project: edit a draft, submit, withdraw, start 在研. */
export function ProjectOwnerActions({ project }: { project: Project }) {
  return (
    <EntryActions<ProjectAction>
      status={project.status}
      editable={project.status === 'draft'}
      editTo={`/workspace/projects/${project.id}/edit`}
      available={AVAILABLE}
      specs={{
        submit: { label: t.submit, confirm: t.confirmSubmit, primary: true },
        withdraw: { label: t.withdraw, confirm: t.confirmWithdraw },
        start: { label: t.start, confirm: t.confirmStart, primary: true },
      }}
      perform={(action) => actOnProject(project.id, action)}
      detailKey={projectKeys.detail(project.id)}
      listsKey={projectKeys.lists()}
    />
  );
}
