export default {
  displayName: 'store-sqlite',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
