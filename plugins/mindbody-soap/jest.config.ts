export default {
  displayName: 'mindbody-soap',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
