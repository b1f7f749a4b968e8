import { wrapperPackage } from '../../build/rollup-common';

/** packages/react/dist/: the npm package (React and @parley/widget stay imports). */
export default wrapperPackage('react', ['react', '@parley/widget']);
