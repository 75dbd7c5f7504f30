import type { QueryClient } from '@tanstack/react-query';
import { lazy } from 'react';
import { Navigate, createBrowserRouter, type RouteObject } from 'react-router';
import ComingSoon from '../pages/ComingSoon.tsx';
import Goodbye from '../pages/Goodbye.tsx';
import Home from '../pages/Home.tsx';
import NotFound from '../pages/NotFound.tsx';
import RouteError from '../pages/RouteError.tsx';
// The finder is the public front door: part of the main bundle, so its first results need
// no second round of code loading.
import Finder from '../features/finder/Finder.tsx';
import { finderQuery } from '../features/finder/finder-data.ts';
import { RequireUser } from './guards.tsx';
import { Layout } from './Layout.tsx';

// Form pages pull in the shared schemas: they load on demand, keeping the home page light.
const SignUp = lazy(() => import('../features/auth/SignUp.tsx'));
const SignIn = lazy(() => import('../features/auth/SignIn.tsx'));
const ForgotPassword = lazy(() => import('../features/auth/ForgotPassword.tsx'));
const ResetPassword = lazy(() => import('../features/auth/ResetPassword.tsx'));
const SignInLink = lazy(() => import('../features/auth/SignInLink.tsx'));
const ConfirmEmail = lazy(() => import('../features/auth/ConfirmEmail.tsx'));
const Setup = lazy(() => import('../features/auth/Setup.tsx'));
const SettingsLayout = lazy(() => import('../features/settings/SettingsLayout.tsx'));
const Profile = lazy(() => import('../features/settings/Profile.tsx'));
const Privacy = lazy(() => import('../features/settings/Privacy.tsx'));
const Email = lazy(() => import('../features/settings/Email.tsx'));
const Password = lazy(() => import('../features/settings/Password.tsx'));
const Security = lazy(() => import('../features/settings/Security.tsx'));
const Sessions = lazy(() => import('../features/settings/Sessions.tsx'));
const Activity = lazy(() => import('../features/settings/Activity.tsx'));
const Data = lazy(() => import('../features/settings/Data.tsx'));
const NotificationSettings = lazy(
  () => import('../features/notifications/NotificationSettings.tsx'),
);
const InboxPage = lazy(() => import('../features/notifications/InboxPage.tsx'));
const AdminLayout = lazy(() => import('../features/admin/AdminLayout.tsx'));
const Users = lazy(() => import('../features/admin/Users.tsx'));
const Audit = lazy(() => import('../features/admin/Audit.tsx'));
const MeetingPage = lazy(() => import('../features/meetings/MeetingPage.tsx'));
const GroupPage = lazy(() => import('../features/groups/GroupPage.tsx'));
const Match = lazy(() => import('../features/groups/Match.tsx'));
const GroupEditor = lazy(() => import('../features/groups/GroupEditor.tsx'));
const MeetingEditor = lazy(() => import('../features/meetings/MeetingEditor.tsx'));
const CalendarFeedSettings = lazy(() => import('../features/meetings/CalendarFeedSettings.tsx'));
const ImportMeetings = lazy(() => import('../features/import/ImportMeetings.tsx'));
const OrganisationText = lazy(() => import('../pages/OrganisationText.tsx'));
const InvitationPage = lazy(() => import('../features/invitations/InvitationPage.tsx'));
const OrganisationSettings = lazy(() => import('../features/admin/OrganisationSettings.tsx'));
const MemberHome = lazy(() => import('../features/home/MemberHome.tsx'));
const MyAttendance = lazy(() => import('../features/attendance/MyAttendance.tsx'));
const OccurrenceAttendancePage = lazy(
  () => import('../features/attendance/OccurrenceAttendancePage.tsx'),
);
const CheckInPage = lazy(() => import('../features/attendance/CheckInPage.tsx'));
const RoomPage = lazy(() => import('../features/room/RoomPage.tsx'));

/** The finder route's id: the server renders it (finder-ssr.tsx), the app hydrates it. */
export const FINDER_ROUTE_ID = 'finder';

/**
 * The app's router. `hydrated`: the page came with the server's HTML for the finder, so the
 * router starts with its loader's answer instead of running it (and redraws nothing).
 */
export const createRouter = (queryClient: QueryClient, hydrated = false) =>
  createBrowserRouter(
    appRoutes(queryClient),
    hydrated ? { hydrationData: { loaderData: { [FINDER_ROUTE_ID]: null } } } : undefined,
  );

/** The app's routes; the finder's loader starts its query in `queryClient`. */
export const appRoutes = (queryClient: QueryClient): RouteObject[] => [
  {
    element: <Layout />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <Home /> },
      {
        path: 'home',
        element: (
          <RequireUser>
            <MemberHome />
          </RequireUser>
        ),
      },
      {
        id: FINDER_ROUTE_ID,
        path: 'groups',
        element: <Finder />,
        // Ask for the results while the finder's code is still on its way; never blocks.
        loader: ({ request }) => {
          void queryClient.prefetchQuery(finderQuery(new URL(request.url).search));
          return null;
        },
      },
      { path: 'groups/match', element: <Match /> },
      { path: 'groups/:slug', element: <GroupPage /> },
      { path: 'meetings/:slug', element: <MeetingPage /> },
      {
        path: 'meetings/:slug/occurrences/:occurrenceId/room',
        element: (
          <RequireUser>
            <RoomPage />
          </RequireUser>
        ),
      },
      {
        path: 'groups/new',
        element: (
          <RequireUser>
            <GroupEditor />
          </RequireUser>
        ),
      },
      {
        path: 'groups/:slug/edit',
        element: (
          <RequireUser>
            <GroupEditor />
          </RequireUser>
        ),
      },
      {
        path: 'groups/:groupSlug/meetings/new',
        element: (
          <RequireUser>
            <MeetingEditor />
          </RequireUser>
        ),
      },
      {
        path: 'meetings/:slug/occurrences/:occurrenceId/attendance',
        element: (
          <RequireUser>
            <OccurrenceAttendancePage />
          </RequireUser>
        ),
      },
      {
        path: 'meetings/:slug/occurrences/:occurrenceId/check-in',
        element: (
          <RequireUser>
            <CheckInPage />
          </RequireUser>
        ),
      },
      {
        path: 'meetings/:slug/edit',
        element: (
          <RequireUser>
            <MeetingEditor />
          </RequireUser>
        ),
      },
      { path: 'health', element: <ComingSoon kind="health" /> },
      { path: 'science', element: <ComingSoon kind="science" /> },
      { path: 'sign-up', element: <SignUp /> },
      { path: 'sign-in', element: <SignIn /> },
      { path: 'forgot-password', element: <ForgotPassword /> },
      { path: 'reset-password', element: <ResetPassword /> },
      { path: 'sign-in-link', element: <SignInLink /> },
      { path: 'confirm-email', element: <ConfirmEmail /> },
      { path: 'setup', element: <Setup /> },
      { path: 'invitations/:token', element: <InvitationPage /> },
      { path: 'privacy', element: <OrganisationText kind="privacy" /> },
      { path: 'guidelines', element: <OrganisationText kind="guidelines" /> },
      { path: 'goodbye', element: <Goodbye /> },
      {
        path: 'inbox',
        element: (
          <RequireUser>
            <InboxPage />
          </RequireUser>
        ),
      },
      {
        path: 'settings',
        element: (
          <RequireUser>
            <SettingsLayout />
          </RequireUser>
        ),
        children: [
          { index: true, element: <Navigate to="/settings/profile" replace /> },
          { path: 'profile', element: <Profile /> },
          { path: 'privacy', element: <Privacy /> },
          { path: 'email', element: <Email /> },
          { path: 'notifications', element: <NotificationSettings /> },
          { path: 'password', element: <Password /> },
          { path: 'security', element: <Security /> },
          { path: 'sessions', element: <Sessions /> },
          { path: 'activity', element: <Activity /> },
          { path: 'calendar', element: <CalendarFeedSettings /> },
          { path: 'attendance', element: <MyAttendance /> },
          { path: 'data', element: <Data /> },
        ],
      },
      {
        path: 'admin',
        element: (
          <RequireUser admin>
            <AdminLayout />
          </RequireUser>
        ),
        children: [
          { index: true, element: <Navigate to="/admin/users" replace /> },
          { path: 'users', element: <Users /> },
          { path: 'audit', element: <Audit /> },
          { path: 'import', element: <ImportMeetings /> },
          { path: 'settings', element: <OrganisationSettings /> },
        ],
      },
      { path: '*', element: <NotFound /> },
    ],
  },
];
