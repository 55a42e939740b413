import type { ReactNode } from 'react';
import { createBrowserRouter, Navigate } from 'react-router-dom';
import { AdminLayout } from '../features/admin/AdminLayout';
import { adminRoutes } from '../features/admin/routes';
import { AchievementDetailPage } from '../features/achievements/pages/AchievementDetailPage';
import { AchievementFormPage } from '../features/achievements/pages/AchievementFormPage';
import { AchievementListPage } from '../features/achievements/pages/AchievementListPage';
import { ChallengeBoardPage } from '../features/challenges/pages/ChallengeBoardPage';
import { ChallengeDetailPage } from '../features/challenges/pages/ChallengeDetailPage';
import { DemandDetailPage } from '../features/demands/pages/DemandDetailPage';
import { DemandFormPage } from '../features/demands/pages/DemandFormPage';
import { ChallengeFormPage } from '../features/challenges/pages/ChallengeFormPage';
import { DemandListPage } from '../features/demands/pages/DemandListPage';
import { HomePage } from '../features/home/pages/HomePage';
import { ProjectDetailPage } from '../features/projects/pages/ProjectDetailPage';
import { ProjectFormPage } from '../features/projects/pages/ProjectFormPage';
import { ProjectListPage } from '../features/projects/pages/ProjectListPage';
import { LeaguePage } from '../features/stats/pages/LeaguePage';
import { AcceptInvitationPage } from '../features/members/AcceptInvitationPage';
import { InvitePage } from '../features/members/InvitePage';
import { ReviewPage } from '../features/review/pages/ReviewPage';
import { SearchPage } from '../features/search/pages/SearchPage';
import { WorkspacePage } from '../features/workspace/pages/WorkspacePage';
import { LoginPage } from './auth/LoginPage';
import { RegisterPage } from './auth/RegisterPage';
import { RequireAuth } from './auth/RequireAuth';
import { PublicLayout } from './layouts/PublicLayout';
import { NotFoundPage } from './pages/NotFoundPage';

const signedIn = (page: ReactNode) => <RequireAuth>{page}</RequireAuth>;

export const router = createBrowserRouter([
  {
    element: <PublicLayout />,
    children: [
      { path: '/', element: <HomePage /> },
      { path: '/login', element: <LoginPage /> },
      { path: '/register', element: <RegisterPage /> },
      { path: '/invitations/:token', element: <AcceptInvitationPage /> },
      { path: '/demands', element: <DemandListPage /> },
      { path: '/demands/:id', element: <DemandDetailPage /> },
      { path: '/achievements', element: <AchievementListPage /> },
      { path: '/achievements/:id', element: <AchievementDetailPage /> },
      { path: '/projects', element: <ProjectListPage /> },
      { path: '/projects/:id', element: <ProjectDetailPage /> },
      { path: '/challenges', element: <ChallengeBoardPage /> },
      { path: '/challenges/:id', element: <ChallengeDetailPage /> },
      { path: '/league', element: <LeaguePage /> },
      { path: '/search', element: <SearchPage /> },
      { path: '/workspace', element: signedIn(<WorkspacePage />) },
      { path: '/workspace/members', element: signedIn(<InvitePage />) },
      { path: '/workspace/demands/new', element: signedIn(<DemandFormPage />) },
      { path: '/workspace/demands/:id/edit', element: signedIn(<DemandFormPage />) },
      { path: '/workspace/challenges/new', element: signedIn(<ChallengeFormPage />) },
      { path: '/workspace/challenges/:id/edit', element: signedIn(<ChallengeFormPage />) },
      { path: '/workspace/achievements/new', element: signedIn(<AchievementFormPage />) },
      { path: '/workspace/achievements/:id/edit', element: signedIn(<AchievementFormPage />) },
      { path: '/workspace/projects/new', element: signedIn(<ProjectFormPage />) },
      { path: '/workspace/projects/:id/edit', element: signedIn(<ProjectFormPage />) },
      {
        path: '/review',
        element: (
          <RequireAuth need="canReview">
            <ReviewPage />
          </RequireAuth>
        ),
      },
      {
        path: '/admin',
        element: (
          <RequireAuth need="canAdmin">
            <AdminLayout />
          </RequireAuth>
        ),
        children: [{ index: true, element: <Navigate to="/admin/users" replace /> }, ...adminRoutes],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
