export default {
  displayName: 'hub',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
