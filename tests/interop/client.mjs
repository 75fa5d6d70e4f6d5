// An independent client: Node.js + @grpc/grpc-js, loading the .proto files (no Python code), calling
// a running Harmonize server and printing what it got as JSON for tests/interop/test_node_client.py.
import grpc from "@grpc/grpc-js";
import protoLoader from "@grpc/proto-loader";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const address = process.argv[2];
const definition = protoLoader.loadSync(
  ["harmonize/v1/control_list.proto", "harmonize/v1/crosswalk.proto"],
  { includeDirs: [path.join(here, "..", "..", "protos")], keepCase: true, longs: String, enums: String, defaults: true },
);
const v1 = grpc.loadPackageDefinition(definition).harmonize.v1;
const controlLists = new v1.ControlListService(address, grpc.credentials.createInsecure());

const call = (method, request) =>
  new Promise((resolve) =>
    controlLists[method](request, { deadline: Date.now() + 10000 }, (error, response) =>
      resolve(error ? { code: grpc.status[error.code], details: error.details } : response),
    ),
  );

const results = {
  get: await call("GetEntry", { jurisdiction: "us", code: "3A001.a.1" }),
  search: await call("SearchEntries", { query: "integrated circuits", page_size: 5 }),
  unknown: await call("GetEntry", { jurisdiction: "us", code: "9Z999" }),
  malformed: await call("GetEntry", { jurisdiction: "us", code: "3A001", as_of: "yesterday" }),
};
console.log(JSON.stringify(results));
controlLists.close();
