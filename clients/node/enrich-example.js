// Calls enrich from Node.js with @grpc/grpc-js, loading proto/ at run time
// (no generated code). Usage: node enrich-example.js [host:port] [text]
// Prints the language and entities as one JSON line; exits 1 on an error,
// printing its status code name and message.
const path = require("path");
const grpc = require("@grpc/grpc-js");
const loader = require("@grpc/proto-loader");

const definition = loader.loadSync("enrich/v1/enrich.proto", {
  includeDirs: [path.join(__dirname, "..", "..", "proto")],
  longs: String,
  enums: String,
});
const { enrich } = grpc.loadPackageDefinition(definition);

const target = process.argv[2] || "localhost:50051";
const text = process.argv[3] || "Seoul extended the pact with Tokyo on 22 November 2019.";
const client = new enrich.v1.EnrichService(target, grpc.credentials.createInsecure());

client.Enrich({ document: { id: "node-1", text } }, { deadline: Date.now() + 10000 }, (error, response) => {
  client.close();
  if (error) {
    console.error(`${grpc.status[error.code]}: ${error.details}`);
    process.exit(1);
  }
  console.log(
    JSON.stringify({
      language: response.language.code,
      entities: response.entities.map((e) => [e.name, e.type]),
    }),
  );
});
