// EmailTriage in Azure: one resource group holding a Flex Consumption function app that reaches its storage,
// Key Vault and Application Insights through one user-assigned managed identity. `azd up` deploys it.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; every resource name is derived from it.')
param environmentName string

@minLength(1)
@description('Azure region for everything. It must offer Flex Consumption: az functionapp list-flexconsumption-locations.')
@metadata({ azd: { type: 'location' } })
param location string

@description('OpenAI-compatible base URL the classifier calls, ending in /v1.')
param llmBaseUrl string = 'https://api.together.xyz/v1'

@description('Model name as the LLM server knows it.')
param llmModel string = 'meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo'

@description('LLM requests in flight at once: 4 suits cloud providers, 1 a single self-hosted GPU.')
param llmMaxConcurrency string = '4'

@description('Fallback OpenAI-compatible base URL(s), asked only for messages the primary cannot take; empty for none. Its key is the Key Vault secret LLM-FALLBACK-API-KEY.')
param llmFallbackBaseUrl string = ''

@description('Model name as the fallback server knows it; required when llmFallbackBaseUrl is set.')
param llmFallbackModel string = ''

@description('When the timer triage runs: six-field NCRONTAB, UTC.')
param triageSchedule string = '0 */5 * * * *'

@description('Gmail search that picks candidate mail; our own labels are always excluded on top.')
param triageQuery string = 'in:inbox newer_than:7d'

@description('Gmail user the app acts for; "me" is the account that granted the refresh token.')
param gmailUser string = 'me'

@minLength(1)
@description('OAuth client id of the Google "Desktop app" client (not a secret; the client secret goes to Key Vault).')
param gmailClientId string

@allowed([
  'gmail'
  'imap'
  'graph'
])
@description('The kind of mailbox the timer triages without a mailbox list: gmail (GMAIL_*), imap (IMAP_*) or graph (GRAPH_*).')
param mailbox string = 'gmail'

@description('Microsoft 365 mailbox the app triages over Microsoft Graph (its address, e.g. team@contoso.com); empty: Graph is not used. More mailboxes go in mailboxes.json.')
param graphUser string = ''

@allowed([
  'managed-identity'
  'app-registration'
])
@description('How the app signs in to Graph: its own managed identity, or an app registration (in the mailbox\'s tenant) whose federated credential trusts that identity. Neither has a secret.')
param graphAuth string = 'managed-identity'

@description('app-registration only: the application (client) id of the app registration that holds Mail.ReadWrite (not a secret).')
param graphClientId string = ''

@description('app-registration only: the Microsoft 365 tenant of the mailboxes (its id or domain).')
param graphTenant string = ''

@description('Graph folder whose new mail is triaged: a well-known name (inbox) or a folder name.')
param graphFolder string = 'inbox'

@allowed([
  'categories'
  'folders'
])
@description('What a label is in Outlook: a category (the message stays) or a folder (the message moves there).')
param graphLabelsAs string = 'categories'

@description('Object id of the person running azd (set by azd); gets Key Vault Secrets Officer to store the secrets. Empty: nobody.')
param principalId string = ''

@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
@description('Kind of principal principalId names.')
param principalType string = 'User'

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
// Names are known before anything is deployed, so modules get them directly (What-If can then predict every
// resource) and say what they wait for with dependsOn.
var identityName = 'id-${resourceToken}'
var storageAccountName = 'st${resourceToken}'
var deploymentContainerName = 'app-package-${resourceToken}'
// The app's default (StorageOptions.DefaultStateContainer); the app is told it too, so the two cannot drift apart.
var stateContainerName = 'emailtriage-state'
// The app's default (StorageOptions.DefaultQueue): one message per mailbox per tick; the host adds '-poison'.
var mailboxQueueName = 'emailtriage-mailboxes'
var logAnalyticsName = 'log-${resourceToken}'
var applicationInsightsName = 'appi-${resourceToken}'
var keyVaultName = 'kv-${resourceToken}'
var planName = 'plan-${resourceToken}'
var functionAppName = 'func-${resourceToken}'

resource resourceGroup 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'core/identity.bicep' = {
  name: 'identity'
  scope: resourceGroup
  params: {
    name: identityName
    location: location
    tags: tags
  }
}

module storage 'core/storage.bicep' = {
  name: 'storage'
  scope: resourceGroup
  params: {
    name: storageAccountName
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    stateContainerName: stateContainerName
    mailboxQueueName: mailboxQueueName
  }
}

module monitoring 'core/monitoring.bicep' = {
  name: 'monitoring'
  scope: resourceGroup
  params: {
    logAnalyticsName: logAnalyticsName
    applicationInsightsName: applicationInsightsName
    location: location
    tags: tags
  }
}

module keyVault 'core/keyvault.bicep' = {
  name: 'keyvault'
  scope: resourceGroup
  params: {
    name: keyVaultName
    location: location
    tags: tags
  }
}

module plan 'core/plan.bicep' = {
  name: 'plan'
  scope: resourceGroup
  params: {
    name: planName
    location: location
    tags: tags
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: resourceGroup
  dependsOn: [
    identity
    storage
    keyVault
    monitoring
  ]
  params: {
    identityName: identityName
    storageAccountName: storageAccountName
    keyVaultName: keyVaultName
    applicationInsightsName: applicationInsightsName
    userPrincipalId: principalId
    userPrincipalType: principalType
  }
}

module function 'app/function.bicep' = {
  name: 'function'
  scope: resourceGroup
  // The host reads storage and Key Vault as soon as it starts, so the roles come first.
  dependsOn: [
    identity
    storage
    keyVault
    monitoring
    rbac
  ]
  params: {
    name: functionAppName
    location: location
    environmentName: environmentName
    planId: plan.outputs.id
    identityName: identityName
    storageAccountName: storageAccountName
    deploymentContainerName: deploymentContainerName
    stateContainerName: stateContainerName
    mailboxQueueName: mailboxQueueName
    applicationInsightsName: applicationInsightsName
    keyVaultName: keyVaultName
    llmBaseUrl: llmBaseUrl
    llmModel: llmModel
    llmMaxConcurrency: llmMaxConcurrency
    llmFallbackBaseUrl: llmFallbackBaseUrl
    llmFallbackModel: llmFallbackModel
    triageSchedule: triageSchedule
    triageQuery: triageQuery
    gmailUser: gmailUser
    gmailClientId: gmailClientId
    mailbox: mailbox
    graphUser: graphUser
    graphAuth: graphAuth
    graphClientId: graphClientId
    graphTenant: graphTenant
    graphFolder: graphFolder
    graphLabelsAs: graphLabelsAs
  }
}

// Names and endpoints only: azd stores these in .azure/<env>/.env, so nothing secret belongs here.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = resourceGroup.name
output AZURE_FUNCTION_APP_NAME string = function.outputs.name
output SERVICE_API_NAME string = function.outputs.name
output SERVICE_API_URI string = function.outputs.uri
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.endpoint
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
