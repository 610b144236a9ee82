/** What to change when the server cannot listen, in one line that names the setting. */
export function listenProblem(error: NodeJS.ErrnoException, host: string, port: number): string {
  switch (error.code) {
    case "EADDRINUSE":
      return `PORT ${port} is already in use on ${host} (another app is listening there): set PORT to a free port`;
    case "EACCES":
      return `PORT ${port} needs privileges this process does not have: set PORT to 1024 or above`;
    case "EADDRNOTAVAIL":
      return `HOST ${host} is not an address of this machine: set HOST to one of its addresses, e.g. 127.0.0.1`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "EAI_NONAME":
      return `HOST ${host} cannot be resolved to an address: set HOST to an address or a name this machine resolves`;
    default:
      return `cannot listen on ${host}:${port}: ${error.code ?? error.message}`;
  }
}
