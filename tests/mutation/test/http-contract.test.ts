import { runHttpContract } from "@tessera/http-contract-tests/http-suite";
// The app by its source path, not its package: its dist would import the built @tessera/http, not the mutant.
import { listener } from "../../../apps/express/src/create-app.js";

// The contract suite on the reference Express app and the memory store, as the app runs it, less
// the races suite (see ContractOptions.races): what the HTTP layer's mutants are run against.
runHttpContract("express on the memory store", { listener }, { races: false });
