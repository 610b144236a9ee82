/** The success texts of the action routes, word for word as the contract gives them. */
export const MESSAGES = {
  register: { title: "User Registration Successful", detail: "Successfully registered new user" },
  login: { title: "Login Successful", detail: "Successfully validated user credentials" },
  logout: { title: "Logout Successful", detail: "Successfully expired login session" },
  password: { title: "Password Changed", detail: "Password updated; other sessions were signed out" },
  forgotPassword: { title: "Password Reset Requested", detail: "If an account exists for this address, a reset link is on its way" },
  resetPassword: { title: "Password Reset", detail: "Password updated; every session was signed out" },
  emailVerified: { title: "Email Verified", detail: "The email address is confirmed" },
  emailChanged: { title: "Email Changed", detail: "The account's email address is now the new one, confirmed" },
  verificationSent: { title: "Verification Sent", detail: "If the email address is not confirmed yet, a verification link is on its way" },
  emailChangeRequested: {
    title: "Email Change Requested",
    detail: "A confirmation link was sent to the new address; the email changes once it is used",
  },
} as const;

export type Message = (typeof MESSAGES)[keyof typeof MESSAGES];
