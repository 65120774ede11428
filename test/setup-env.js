// The SDK prints a multi-line notice about future Node.js support in every worker; it says nothing about
// this project's behaviour and buries test output. The adapter silences it the same way.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
