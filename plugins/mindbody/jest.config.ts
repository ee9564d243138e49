export default {
  displayName: 'mindbody',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
