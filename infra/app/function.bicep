// The EmailTriage Functions app (src/EmailTriage.Functions) on Flex Consumption. Every credential it holds is
// its user-assigned identity; the three real secrets are Key Vault references resolved with that identity.
param name string
param location string
param environmentName string
param planId string
param identityName string
param storageAccountName string
param deploymentContainerName string
param stateContainerName string
param mailboxQueueName string
param applicationInsightsName string
param keyVaultName string
param llmBaseUrl string
param llmModel string
param llmMaxConcurrency string
param llmFallbackBaseUrl string
param llmFallbackModel string
param triageSchedule string
param triageQuery string
param gmailUser string
param gmailClientId string
param mailbox string
param graphUser string
param graphAuth string
param graphClientId string
param graphTenant string
param graphFolder string
param graphLabelsAs string

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  // azd finds the target of `azd deploy` for service "api" (azure.yaml) by this tag.
  tags: {
    'azd-env-name': environmentName
    'azd-service-name': 'api'
  }
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: planId
    httpsOnly: true
    // Key Vault references resolve with the system identity unless told otherwise, and there is none.
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        // 2 GB is the default size; 512 MB quarters the GB-s bill if the app fits (see docs/azure.md).
        instanceMemoryMB: 2048
        // The timer runs as a singleton; the queue scales out to at most this many instances, each triaging up to 4
        // mailboxes at once (host.json queues batchSize) with its own LLM_MAX_CONCURRENCY: 10 x 4 LLM requests in flight
        // at most, under a Together.ai account's rate limit, and 40 mailboxes per tick (see docs/azure.md).
        maximumInstanceCount: 10
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  // Flex Consumption takes the worker runtime and version from functionAppConfig and rejects
  // FUNCTIONS_WORKER_RUNTIME / FUNCTIONS_EXTENSION_VERSION here. azd provision replaces this whole list.
  resource appSettings 'config' = {
    name: 'appsettings'
    properties: {
      AzureWebJobsStorage__accountName: storage.name
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identity.properties.clientId
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'
      TRIAGE_SCHEDULE: triageSchedule
      TRIAGE_RUN_BUDGET_SECONDS: '240'
      TRIAGE_QUERY: triageQuery
      LLM_BASE_URL: llmBaseUrl
      LLM_MODEL: llmModel
      LLM_API_KEY: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=LLM-API-KEY)'
      LLM_MAX_CONCURRENCY: llmMaxConcurrency
      LLM_FALLBACK_BASE_URL: llmFallbackBaseUrl
      LLM_FALLBACK_MODEL: llmFallbackModel

      // Only with a fallback: a reference to a secret nobody stored would stop the app at start.
      LLM_FALLBACK_API_KEY: empty(llmFallbackBaseUrl) ? '' : '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=LLM-FALLBACK-API-KEY)'
      LLM_TIMEOUT_SECONDS: '60'
      LLM_MAX_RETRIES: '3'
      LLM_MAX_BODY_CHARS: '800'
      LABEL_CONFIG_FILE: 'config/labels.json'

      // Each mailbox's state in blobs, signed in as the identity (an instance's disk is gone after a run). The SDK's
      // DefaultAzureCredential picks a user-assigned identity only when told its client id.
      EMAILTRIAGE_STORAGE: storage.properties.primaryEndpoints.blob
      EMAILTRIAGE_STATE_CONTAINER: stateContainerName

      // The fan-out: the tick sends with EMAILTRIAGE_STORAGE; the queue trigger's own connection is identity-based
      // (the __queueServiceUri form, since EMAILTRIAGE_STORAGE itself is a blob URL, which the host would read as a
      // connection string).
      EMAILTRIAGE_QUEUE: mailboxQueueName
      EMAILTRIAGE_QUEUE_CONNECTION__queueServiceUri: storage.properties.primaryEndpoints.queue
      EMAILTRIAGE_QUEUE_CONNECTION__credential: 'managedidentity'
      EMAILTRIAGE_QUEUE_CONNECTION__clientId: identity.properties.clientId
      AZURE_CLIENT_ID: identity.properties.clientId
      LOG_LEVEL: 'Information'
      GMAIL_USER: gmailUser
      GMAIL_CLIENT_ID: gmailClientId
      GMAIL_REFRESH_TOKEN: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=GMAIL-REFRESH-TOKEN)'
      GMAIL_CLIENT_SECRET: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=GMAIL-CLIENT-SECRET)'

      // Outlook / Microsoft 365 over Microsoft Graph (MAILBOX=graph, or "kind": "graph" in mailboxes.json). No secret: the
      // app signs in as its managed identity (AZURE_CLIENT_ID above), or as an app registration that trusts that identity
      // (app-registration). The Graph permission is granted outside Bicep (docs/graph_setup.md).
      MAILBOX: mailbox
      GRAPH_USER: graphUser
      GRAPH_AUTH: graphAuth
      GRAPH_CLIENT_ID: graphClientId
      GRAPH_TENANT: graphTenant
      GRAPH_FOLDER: graphFolder
      GRAPH_LABELS_AS: graphLabelsAs
    }
  }

  // Deployments go through Entra ID (azd uses your az/azd sign-in); no FTP or SCM user/password exists.
  resource ftpCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }

  resource scmCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }
}

output name string = site.name
output uri string = 'https://${site.properties.defaultHostName}'
