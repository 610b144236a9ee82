/** The success texts of the action routes, word for word as the contract gives them. */
export const MESSAGES = {
  register: { title: "User Registration Successful", detail: "Successfully registered new user" },
  login: { title: "Login Successful", detail: "Successfully validated user credentials" },
  logout: { title: "Logout Successful", detail: "Successfully expired login session" },
  password: { title: "Password Changed", detail: "Password updated; other sessions were signed out" },
} as const;

export type Message = (typeof MESSAGES)[keyof typeof MESSAGES];
