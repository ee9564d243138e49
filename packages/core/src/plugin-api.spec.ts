import * as pluginFace from './plugin-api';
import * as core from './index';

describe('@connector/core/plugin, the face a plugin sees', () => {
  const names = Object.keys(pluginFace);

  it('holds the contract, the person match, the errors and the tokens a plugin may inject', () => {
    for (const name of [
      'definePlugin',
      'secret',
      'pluginOptionsToken',
      'isSamePerson',
      'namesMatch',
      'personSchema',
      'ConnectorError',
      'PlatformRejectedError',
      'NotImplementedError',
      'RestTransportToken',
      'SoapTransportFactoryToken',
      'TurnUpToken',
      'ClientToken',
    ]) {
      expect(names).toContain(name);
    }
  });

  it('holds nothing of the runtime: no Connector, engine, store, logger, nor the untyped options token', () => {
    for (const name of [
      'Connector',
      'createPlatformRuntime',
      'DeliveryEngine',
      'PlatformWorker',
      'StoreToken',
      'LoggerToken',
      'ClockToken',
      'PluginOptionsToken',
      'ProspectOperationsToken',
      'loadPlugin',
      'createLogger',
      'Redactor',
      'RestTransport',
      'NodeSoapTransportFactory',
    ]) {
      expect(names).not.toContain(name);
    }
  });

  it('is part of @connector/core too, the same values', () => {
    for (const name of names) expect((core as Record<string, unknown>)[name]).toBe((pluginFace as Record<string, unknown>)[name]);
  });
});
