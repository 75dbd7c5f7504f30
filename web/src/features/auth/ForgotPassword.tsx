import { PasswordResetRequestBody } from '../../../../contracts/auth.ts';
import { api } from '../../lib/api.ts';
import { EmailLinkRequest } from './EmailLinkRequest.tsx';

export default function ForgotPassword() {
  return (
    <EmailLinkRequest
      texts="forgot"
      schema={PasswordResetRequestBody}
      send={(body) => api.requestPasswordReset(body)}
    />
  );
}
