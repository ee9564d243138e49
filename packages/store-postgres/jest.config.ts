export default {
  displayName: 'store-postgres',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
