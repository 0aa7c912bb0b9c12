// The assembly's own namespaces, which every command uses: the folders are the map, not a list of usings per file.
global using ImmutaIntegrations.Ci;
global using ImmutaIntegrations.Commands.Base;
global using ImmutaIntegrations.Completion;
global using ImmutaIntegrations.Errors;
global using ImmutaIntegrations.Host;
global using ImmutaIntegrations.Input;
global using ImmutaIntegrations.Session;
global using ImmutaIntegrations.Sync;
