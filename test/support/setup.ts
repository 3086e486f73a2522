// The SDK clients used by the tests themselves would print a Node-version notice into the report.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
process.env.OCLIF_SKIP_NEW_VERSION_CHECK = 'true'
