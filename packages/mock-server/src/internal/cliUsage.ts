/** The text `wdata-prep-mock --help` prints. */
export const cliUsage = `Usage: wdata-prep-mock [options]

Serves a local Wdata Prep API with seeded connections until stopped with Ctrl-C.

Options:
  -p, --port <port>    Port to listen on; 0 picks a free port (default: 4010)
      --host <host>    Host name or address to listen on (default: 127.0.0.1)
      --token <token>  Only accept "Authorization: Bearer <token>" (default: accept any request)
      --latency <ms>   Delay every answer by this many milliseconds (default: 0)
  -h, --help           Show this help
`;
