import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router-dom';
import { projectMessages } from '../../../locales/projects.zh-CN';
import { EntryFormPage } from '../../shared/EntryFormPage';
import { ProjectFormFields } from '../components/ProjectFormFields';
import { fromProject, PROJECT_FORM_FIELDS, toProjectBody, type ProjectFormValues } from '../formValues';
import { createProject, projectKeys, projectQuery, updateProject, type Project } from '../queries';

const t = projectMessages.form;

const save = (values: ProjectFormValues, existing: Project | undefined) => {
  const body = toProjectBody(values);
  if (!existing) return createProject(body);
  // The origin is chosen once, when the application is created.
  const changes: Partial<typeof body> = { ...body };
  delete changes.origin;
  return updateProject(existing.id, existing.version, changes);
};

/** `/workspace/projects/new` and `/workspace/projects/:id/edit`: the application 项目申报. */
export function ProjectFormPage() {
  const { id } = useParams();
  const existing = useQuery({ ...projectQuery(id ?? ''), enabled: !!id });
  return (
    <EntryFormPage<Project, ProjectFormValues>
      id={id}
      heading={id ? t.editTitle : t.newTitle}
      existing={existing.data}
      loading={existing.isPending}
      fromEntry={fromProject}
      save={save}
      fieldNames={PROJECT_FORM_FIELDS}
      detailKey={projectKeys.detail}
      listsKey={projectKeys.lists()}
      detailPath={(projectId) => `/projects/${projectId}`}
      initialValues={{ keywords: [] }}
    >
      <ProjectFormFields />
    </EntryFormPage>
  );
}
