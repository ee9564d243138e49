export default {
  displayName: 'webhook',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
