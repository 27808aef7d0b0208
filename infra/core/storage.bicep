// Storage for the Functions host (timer leases and schedule status), the deployment package, and each mailbox's
// state (the learned model, the Gmail history cursor) in the state container.
// Reached only with Entra ID: shared keys are off, so no connection string can exist.
param name string
param location string
param tags object
param deploymentContainerName string

@description('Container of each mailbox\'s state: the app\'s EMAILTRIAGE_STATE_CONTAINER.')
param stateContainerName string

@description('Queue of mailbox names the schedule fans out on: the app\'s EMAILTRIAGE_QUEUE. Its poison queue is created beside it.')
param mailboxQueueName string

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    publicNetworkAccess: 'Enabled'
    supportsHttpsTrafficOnly: true
  }

  resource blobs 'blobServices' = {
    name: 'default'

    resource deployments 'containers' = {
      name: deploymentContainerName
      properties: {
        publicAccess: 'None'
      }
    }

    resource state 'containers' = {
      name: stateContainerName
      properties: {
        publicAccess: 'None'
      }
    }
  }

  // Created here rather than on first use, so the poison queue is there to look at (and alert on) from day one.
  resource queues 'queueServices' = {
    name: 'default'

    resource mailboxes 'queues' = {
      name: mailboxQueueName
    }

    resource poison 'queues' = {
      name: '${mailboxQueueName}-poison'
    }
  }
}
