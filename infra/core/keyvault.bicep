// Holds LLM-API-KEY, GMAIL-REFRESH-TOKEN and GMAIL-CLIENT-SECRET. The user stores their values after the first
// deploy; Bicep creates no secret, because redeploying a secret resource would overwrite what the user stored.
param name string
param location string
param tags object

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    // The minimum, so `azd down --purge` and a new `azd up` with the same name are not blocked for long.
    softDeleteRetentionInDays: 7
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    publicNetworkAccess: 'Enabled'
  }
}

output name string = vault.name
output endpoint string = vault.properties.vaultUri
